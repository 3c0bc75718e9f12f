using System.Buffers;
using Repro.Core.Fingerprint;

namespace Repro.Core.Cache;

/// <summary>
/// The content-addressed cache (<c>.repro/cache/</c>): each object is a file named by its BLAKE3 id,
/// <c>&lt;cache&gt;/&lt;2 hex&gt;/&lt;62 hex&gt;</c>. A directory is stored as one object per file plus its manifest, whose id is the
/// directory's id.
/// </summary>
/// <remarks>
/// Every object is written to a temporary file in its final folder, flushed, then renamed: a process killed at any
/// moment leaves only complete objects under final names. Temporary leftovers never match an object name, are ignored by
/// every reader, and are removed by <see cref="DeleteTemporaryFiles"/>. The id of a stored object is computed from the
/// bytes actually copied, so a file that changes while it is saved is stored under its new content's id, never under a
/// stale one. Restores copy (never link) so a later write to a workspace file cannot corrupt the cache.
/// </remarks>
public sealed class ObjectStore
{
    private const int CopyBufferBytes = 1 << 20;
    private readonly bool _flushToDisk;
    private readonly int _parallelism;

    /// <summary>A store over <paramref name="cacheDirPath"/> (created when the first object is written).</summary>
    /// <param name="cacheDirPath">The cache folder, normally <c>.repro/cache</c>.</param>
    /// <param name="flushToDisk">Whether each object is fsync'ed before its rename (survives power loss, not only process death).</param>
    public ObjectStore(string cacheDirPath, bool flushToDisk = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheDirPath);
        CacheDirPath = Path.GetFullPath(cacheDirPath);
        _flushToDisk = flushToDisk;
        _parallelism = Environment.ProcessorCount;
    }

    /// <summary>The cache folder.</summary>
    public string CacheDirPath { get; }

    /// <summary>Where the object <paramref name="id"/> lives (whether or not it exists).</summary>
    public string ObjectPath(ObjectId id)
    {
        var hex = id.ToString();
        return Path.Join(CacheDirPath, hex[..2], hex[2..]);
    }

    /// <summary>Whether the object is in the cache.</summary>
    public bool Contains(ObjectId id) => File.Exists(ObjectPath(id));

    /// <summary>Whether everything <paramref name="hash"/> needs is in the cache: the file, or the manifest and every file it lists.</summary>
    public bool ContainsAll(PathHash hash)
    {
        if (!Contains(hash.Id))
            return false;
        return !hash.IsDirectory || ReadManifest(hash.Id).Entries.All(e => Contains(e.Id));
    }

    /// <summary>Stores a file or a whole directory; returns its hash (the id of what was actually stored).</summary>
    public async Task<PathHash> SaveAsync(string path, ContentHasher hasher, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        var tree = await hasher.ScanAsync(path, progress: null, ct, needManifest: true);
        if (!tree.Hash.IsDirectory || tree.Manifest is null)
        {
            var id = await Task.Run(() => SaveFile(tree.FullPath, tree.Hash.Id, ct), ct);
            return tree.Hash with { Id = id };
        }
        return await Task.Run(() => SaveDirectory(tree.FullPath, tree.Manifest, tree.Hash, ct), ct);
    }

    /// <summary>Stores <paramref name="content"/> as an object; returns its id.</summary>
    public async Task<ObjectId> SaveBytesAsync(ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var id = ObjectId.Of(content.Span);
        if (!Contains(id))
            await AtomicFile.WriteAsync(ObjectPath(id), (s, c) => s.WriteAsync(content, c).AsTask(), ct, _flushToDisk);
        return id;
    }

    /// <summary>The bytes of an object.</summary>
    /// <exception cref="FileNotFoundException">The object is not in the cache.</exception>
    public byte[] ReadBytes(ObjectId id) => File.ReadAllBytes(ObjectPath(id));

    /// <summary>The manifest stored under a directory's id.</summary>
    public DirectoryManifest ReadManifest(ObjectId directoryId) => DirectoryManifest.Parse(ReadBytes(directoryId));

    /// <summary>
    /// Puts <paramref name="hash"/>'s content at <paramref name="targetPath"/>, replacing whatever is there. The new content
    /// is assembled under a temporary name next to the target and renamed into place, and every byte is checked against
    /// its id on the way.
    /// </summary>
    /// <exception cref="FileNotFoundException">An object is missing from the cache.</exception>
    /// <exception cref="InvalidDataException">An object's content does not match its id (the cache is corrupted).</exception>
    public Task RestoreAsync(PathHash hash, string targetPath, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetPath);
        var fullTarget = Path.GetFullPath(targetPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullTarget)!);
        return Task.Run(
            () =>
            {
                if (hash.IsDirectory)
                    RestoreDirectory(hash.Id, fullTarget, ct);
                else
                    RestoreFile(hash.Id, fullTarget, isExecutable: false);
            },
            ct
        );
    }

    /// <summary>Every object id in the cache (temporary files and anything else are skipped).</summary>
    public IEnumerable<ObjectId> EnumerateAll()
    {
        if (!Directory.Exists(CacheDirPath))
            yield break;
        foreach (var prefixDir in Directory.EnumerateDirectories(CacheDirPath))
        {
            var prefix = Path.GetFileName(prefixDir);
            if (prefix.Length != 2)
                continue;
            foreach (var file in Directory.EnumerateFiles(prefixDir))
            {
                var name = Path.GetFileName(file);
                if (name.Length == ObjectId.HexLength - 2 && ObjectId.TryParse(prefix + name, out var id) && id.ToString() == prefix + name)
                    yield return id;
            }
        }
    }

    /// <summary>Removes an object (nothing happens if it is absent).</summary>
    public void Delete(ObjectId id) => File.Delete(ObjectPath(id));

    /// <summary>Re-hashes every object; returns those whose content does not match their id.</summary>
    public Task<IReadOnlyList<ObjectId>> VerifyAsync(CancellationToken ct = default) =>
        Task.Run<IReadOnlyList<ObjectId>>(
            () =>
            {
                var bad = new System.Collections.Concurrent.ConcurrentBag<ObjectId>();
                Parallel.ForEach(
                    EnumerateAll(),
                    new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = ct },
                    id =>
                    {
                        if (ContentHasher.ReadAndHash(ObjectPath(id), 0, useEveryCore: false) != id)
                            bad.Add(id);
                    }
                );
                return bad.OrderBy(id => id.ToString(), StringComparer.Ordinal).ToList();
            },
            ct
        );

    /// <summary>Removes temporary files left by writers that were killed. Call it only when no other writer runs (under the project lock).</summary>
    /// <returns>How many were removed.</returns>
    public int DeleteTemporaryFiles()
    {
        if (!Directory.Exists(CacheDirPath))
            return 0;
        var removed = 0;
        foreach (
            var file in Directory.EnumerateFiles(
                CacheDirPath,
                "*",
                new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }
            )
        )
        {
            if (AtomicFile.IsTempPath(file))
            {
                AtomicFile.TryDelete(file);
                removed++;
            }
        }
        return removed;
    }

    private PathHash SaveDirectory(string dirPath, DirectoryManifest manifest, PathHash hash, CancellationToken ct)
    {
        var entries = manifest.Entries.ToArray();
        var changed = 0;
        Parallel.For(
            0,
            entries.Length,
            new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = ct },
            i =>
            {
                var entry = entries[i];
                var stored = SaveFile(Path.Join(dirPath, entry.Path), entry.Id, ct);
                if (stored != entry.Id)
                {
                    // The file changed after it was hashed: record what was actually stored.
                    entries[i] = entry with
                    {
                        Id = stored,
                    };
                    Interlocked.Increment(ref changed);
                }
            }
        );
        if (changed > 0)
            manifest = new DirectoryManifest(entries);
        var bytes = manifest.ToBytes();
        var id = ObjectId.Of(bytes);
        if (!Contains(id))
            WriteObject(id, bytes);
        return hash with { Id = id, Bytes = manifest.Bytes };
    }

    /// <summary>Copies a file into the cache unless its (stat-cached) id is already there; returns the id of the stored bytes.</summary>
    private ObjectId SaveFile(string sourcePath, ObjectId expectedId, CancellationToken ct)
    {
        if (Contains(expectedId))
            return expectedId;
        var prefixDir = Path.Join(CacheDirPath, expectedId.ToString()[..2]);
        Directory.CreateDirectory(prefixDir);
        var tempPath = AtomicFile.TempPathFor(Path.Join(prefixDir, "object"));
        try
        {
            ObjectId actual;
            using (var source = File.OpenHandle(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan))
            using (var temp = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
            {
                actual = CopyAndHash(source, temp, ct);
                if (_flushToDisk)
                    temp.Flush(flushToDisk: true);
            }
            var finalPath = ObjectPath(actual);
            Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
            File.Move(tempPath, finalPath, overwrite: true);
            return actual;
        }
        catch
        {
            AtomicFile.TryDelete(tempPath);
            throw;
        }
    }

    private void WriteObject(ObjectId id, ReadOnlySpan<byte> bytes)
    {
        var finalPath = ObjectPath(id);
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        var tempPath = AtomicFile.TempPathFor(finalPath);
        try
        {
            using (var temp = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
            {
                temp.Write(bytes);
                if (_flushToDisk)
                    temp.Flush(flushToDisk: true);
            }
            File.Move(tempPath, finalPath, overwrite: true);
        }
        catch
        {
            AtomicFile.TryDelete(tempPath);
            throw;
        }
    }

    private void RestoreDirectory(ObjectId id, string fullTarget, CancellationToken ct)
    {
        var manifest = ReadManifest(id);
        var tempDir = AtomicFile.TempPathFor(fullTarget);
        Directory.CreateDirectory(tempDir);
        try
        {
            Parallel.ForEach(
                manifest.Entries,
                new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = ct },
                entry =>
                {
                    var path = Path.Join(tempDir, entry.Path);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    CopyOut(entry.Id, path, entry.IsExecutable);
                }
            );
            ReplaceWith(tempDir, fullTarget);
        }
        catch
        {
            DeleteAnything(tempDir);
            throw;
        }
    }

    private void RestoreFile(ObjectId id, string fullTarget, bool isExecutable)
    {
        var tempPath = AtomicFile.TempPathFor(fullTarget);
        try
        {
            CopyOut(id, tempPath, isExecutable);
            ReplaceWith(tempPath, fullTarget);
        }
        catch
        {
            DeleteAnything(tempPath);
            throw;
        }
    }

    private void CopyOut(ObjectId id, string destinationPath, bool isExecutable)
    {
        var objectPath = ObjectPath(id);
        if (!File.Exists(objectPath))
            throw new FileNotFoundException($"cache object {id} is missing from {CacheDirPath}", objectPath);
        ObjectId actual;
        using (var source = File.OpenHandle(objectPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan))
        using (var destination = new FileStream(destinationPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
            actual = CopyAndHash(source, destination, CancellationToken.None);
        if (actual != id)
            throw new InvalidDataException(
                $"cache object {id} is corrupted (its content hashes to {actual}); delete it and re-run the stage that made it"
            );
        if (!OperatingSystem.IsWindows())
        {
            var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            if (isExecutable)
                mode |= UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            File.SetUnixFileMode(destinationPath, mode);
        }
    }

    /// <summary>Moves <paramref name="newPath"/> to <paramref name="fullTarget"/>; whatever was there is moved aside first, then deleted.</summary>
    private static void ReplaceWith(string newPath, string fullTarget)
    {
        var isDirectory = Directory.Exists(newPath);
        var existingIsDirectory = Directory.Exists(fullTarget) && new DirectoryInfo(fullTarget).LinkTarget is null;
        if (!isDirectory && !existingIsDirectory)
        {
            // A file over a file (or a link, or nothing): one atomic rename.
            File.Move(newPath, fullTarget, overwrite: true);
            return;
        }
        string? aside = null;
        if (File.Exists(fullTarget) || Directory.Exists(fullTarget) || new FileInfo(fullTarget).LinkTarget is not null)
        {
            aside = AtomicFile.TempPathFor(fullTarget);
            if (existingIsDirectory)
                Directory.Move(fullTarget, aside);
            else
                File.Move(fullTarget, aside);
        }
        if (isDirectory)
            Directory.Move(newPath, fullTarget);
        else
            File.Move(newPath, fullTarget);
        if (aside is not null)
            DeleteAnything(aside);
    }

    private static void DeleteAnything(string path)
    {
        try
        {
            if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
                Directory.Delete(path, recursive: true);
            else
                File.Delete(path);
        }
        catch (IOException)
        {
            // Leftover temporary content is harmless; it carries a temporary name.
        }
        catch (UnauthorizedAccessException) { }
    }

    private static ObjectId CopyAndHash(Microsoft.Win32.SafeHandles.SafeFileHandle source, FileStream destination, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            using var hasher = Blake3.Hasher.New();
            long offset = 0;
            int read;
            while ((read = RandomAccess.Read(source, buffer, offset)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                hasher.Update(buffer.AsSpan(0, read));
                destination.Write(buffer, 0, read);
                offset += read;
            }
            return ObjectId.FromHash(hasher.Finalize());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
