using System.Text;

namespace Repro.Core.Cache;

/// <summary>
/// Writes files so that a reader, or a process killed at any moment, only ever sees the old content or the whole new
/// content: the bytes go to a temporary file in the same directory, are flushed to disk, then renamed over the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>The marker in the name of every temporary file this class writes, so leftovers can be recognised.</summary>
    public const string TempMarker = ".repro-tmp-";

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte order mark) to <paramref name="path"/>, atomically.</summary>
    public static Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken = default) =>
        WriteAllBytesAsync(path, new UTF8Encoding(false).GetBytes(text), cancellationToken);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, atomically; creates its directory.</summary>
    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        WriteAsync(path, (stream, ct) => stream.WriteAsync(bytes, ct).AsTask(), cancellationToken);

    /// <summary>Lets <paramref name="write"/> fill a temporary file, then flushes it and renames it to <paramref name="path"/>.</summary>
    public static async Task WriteAsync(
        string path,
        Func<Stream, CancellationToken, Task> write,
        CancellationToken cancellationToken = default,
        bool flushToDisk = true
    )
    {
        ArgumentNullException.ThrowIfNull(write);
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var tempPath = TempPathFor(fullPath);
        try
        {
            await using (
                var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: false)
            )
            {
                await write(stream, cancellationToken);
                // Without fsync a power loss after the rename could leave a named but empty file.
                stream.Flush(flushToDisk);
            }
            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>A fresh temporary path next to <paramref name="finalPath"/> (same directory, so the rename is atomic).</summary>
    public static string TempPathFor(string finalPath) =>
        Path.Combine(
            Path.GetDirectoryName(finalPath)!,
            "." + Path.GetFileName(finalPath) + TempMarker + Guid.NewGuid().ToString("N")[..12]
        );

    /// <summary>Whether <paramref name="path"/> names a temporary file of this class.</summary>
    public static bool IsTempPath(string path) => Path.GetFileName(path).Contains(TempMarker, StringComparison.Ordinal);

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover temporary file is harmless: it is never read under a final name and is cleaned later.
        }
        catch (UnauthorizedAccessException) { }
    }
}
