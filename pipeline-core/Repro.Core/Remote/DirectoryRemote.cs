using System.Runtime.CompilerServices;
using Repro.Core.Cache;

namespace Repro.Core.Remote;

/// <summary>
/// A remote in a folder (<c>type: dir</c>), local or mounted (NFS, SMB). Each value is written to a temporary file beside
/// its final name, flushed to disk, then renamed (<see cref="AtomicFile"/>), so a reader on another machine never sees half a file.
/// </summary>
public sealed class DirectoryRemote : IRemote
{
    /// <summary>A remote over the existing folder <paramref name="rootDirPath"/>.</summary>
    public DirectoryRemote(string rootDirPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirPath);
        RootDirPath = Path.GetFullPath(rootDirPath);
    }

    public string RootDirPath { get; }

    public string Location => RootDirPath;

    public Task<bool> ExistsAsync(string key, CancellationToken ct) => Task.FromResult(File.Exists(PathOf(key)));

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        var dir = PathOf(prefix);
        if (!Directory.Exists(dir))
            yield break;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        foreach (var file in Directory.EnumerateFiles(dir, "*", options))
        {
            ct.ThrowIfCancellationRequested();
            if (AtomicFile.IsTempPath(file))
                continue;
            yield return prefix + Path.GetRelativePath(dir, file).Replace(Path.DirectorySeparatorChar, '/');
        }
        await Task.CompletedTask;
    }

    public Task UploadAsync(string key, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        return AtomicFile.WriteAsync(PathOf(key), (stream, c) => content.CopyToAsync(stream, c), ct);
    }

    public async Task<bool> DownloadAsync(string key, Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        FileStream source;
        try
        {
            source = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        await using (source)
            await source.CopyToAsync(destination, 1 << 20, ct);
        return true;
    }

    public void Dispose() { }

    private string PathOf(string key)
    {
        // Keys come from RemoteKeys; a key that climbs out of the folder is a bug, not a user mistake.
        if (key.StartsWith('/') || key.Split('/').Any(segment => segment is "." or ".."))
            throw new ArgumentException($"'{key}' is not a remote key", nameof(key));
        return Path.Join(RootDirPath, key.Replace('/', Path.DirectorySeparatorChar));
    }
}
