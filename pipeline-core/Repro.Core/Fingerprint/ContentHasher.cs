using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using Repro.Core.Cache;

namespace Repro.Core.Fingerprint;

/// <summary>
/// Computes the BLAKE3 content id of a file or a directory (the id of its canonical <see cref="DirectoryManifest"/>).
/// Files whose stat is unchanged are answered from the <see cref="StatCache"/> without being read; many small files are
/// hashed in parallel across cores, and a large file is hashed with BLAKE3's multithreaded tree update.
/// </summary>
/// <remarks>
/// Symlinks inside a directory are followed when they point inside it (the file is hashed under the link's path);
/// a link that leaves the directory, a broken link, a link cycle or a special file is a <see cref="ReproException"/>.
/// A path that is itself a symlink is followed wherever it points.
/// </remarks>
/// <param name="statCache">Remembers ids by stat (and git blob id); null hashes everything.</param>
/// <param name="maxParallelism">Threads used; the default is the number of cores.</param>
/// <param name="git">
/// The git work tree, consulted for a file of at least <see cref="GitLookupMinBytes"/> that the stat cache misses: if git
/// says it is tracked and clean and its blob was hashed before, that id is used without reading the file.
/// </param>
public sealed class ContentHasher(StatCache? statCache = null, int? maxParallelism = null, GitWorkTree? git = null)
{
    /// <summary>Smaller files are read rather than looked up in git: reading 1 MiB costs less than asking git.</summary>
    public const long GitLookupMinBytes = 1L << 20;

    /// <summary>Files at least this large are hashed one at a time with every core; smaller ones one per core.</summary>
    public const long LargeFileBytes = 16L << 20;

    // Large reads amortise the per-call cost; 4 MiB keeps UpdateWithJoin's subtrees big enough to split across cores.
    private const int LargeBufferBytes = 4 << 20;
    private const int SmallBufferBytes = 1 << 20;
    private static readonly long ProgressIntervalTicks = Stopwatch.Frequency / 10;

    private readonly int _parallelism = Math.Max(1, maxParallelism ?? Environment.ProcessorCount);

    /// <summary>The stat cache consulted and filled, if any.</summary>
    public StatCache? StatCache => statCache;

    /// <summary>Hashes a file or a directory.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="ReproException">The directory holds a link leaving it, a broken link, a link cycle or a special file.</exception>
    public async Task<PathHash> HashPathAsync(string path, IProgress<HashProgress>? progress = null, CancellationToken ct = default)
    {
        var tree = await ScanAsync(path, progress, ct, needManifest: false);
        return tree.Hash;
    }

    /// <summary>Hashes a directory and returns its manifest too (what <see cref="ObjectStore"/> stores).</summary>
    public async Task<DirectoryManifest> HashDirectoryAsync(
        string dirPath,
        IProgress<HashProgress>? progress = null,
        CancellationToken ct = default
    )
    {
        var tree = await ScanAsync(dirPath, progress, ct);
        return tree.Manifest ?? throw new ArgumentException($"'{dirPath}' is not a directory", nameof(dirPath));
    }

    /// <summary>Hashes one file, consulting and filling the stat cache.</summary>
    internal ObjectId HashFile(string fullPath, in StatInfo stat, bool useEveryCore)
    {
        if (statCache is not null && statCache.TryGet(fullPath, stat.Key, out var cached))
            return cached;
        string? blob = null;
        if (
            git is not null
            && statCache is not null
            && stat.Key.Size >= GitLookupMinBytes
            && git.TryGetCleanBlobId(fullPath, out var found)
        )
        {
            blob = found;
            if (statCache.TryGetByGitBlob(blob, out var known))
            {
                statCache.Set(fullPath, stat.Key, known);
                return known;
            }
        }
        var id = ReadAndHash(fullPath, stat.Key.Size, useEveryCore);
        // The stat taken before reading: if the file changed meanwhile, its new stat will not match and it is re-read.
        if (statCache?.Set(fullPath, stat.Key, id) == true && blob is not null)
            statCache.SetGitBlob(blob, id);
        return id;
    }

    internal async Task<ScannedTree> ScanAsync(
        string path,
        IProgress<HashProgress>? progress,
        CancellationToken ct,
        bool needManifest = true
    )
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var stat = FileSystemStat.Stat(fullPath, followLinks: true);
        switch (stat.Kind)
        {
            case EntryKind.File:
                progress?.Report(new HashProgress(0, stat.Key.Size, 0, 1));
                var id = await Task.Run(() => HashFile(fullPath, stat, useEveryCore: _parallelism > 1), ct);
                progress?.Report(new HashProgress(stat.Key.Size, stat.Key.Size, 1, 1));
                return new ScannedTree(new PathHash(id, false, stat.Key.Size, 1), null, fullPath);
            case EntryKind.Directory:
                return await Task.Run(() => ScanDirectory(fullPath, progress, needManifest, ct), ct);
            case EntryKind.Missing:
                throw new FileNotFoundException($"'{path}' does not exist", fullPath);
            default:
                throw new ReproException(
                    $"'{path}' is not a regular file or a directory",
                    "pipelines can depend on files and folders only"
                );
        }
    }

    private ScannedTree ScanDirectory(string rootPath, IProgress<HashProgress>? progress, bool needManifest, CancellationToken ct)
    {
        var files = new List<TreeFile>();
        var rootReal = FileSystemStat.RealPath(rootPath);
        new TreeWalker(rootPath, rootReal, files).Walk(rootPath, rootReal, "");
        ct.ThrowIfCancellationRequested();

        // An unchanged tree is answered by its stat summary alone, without loading or consulting one row per file.
        var (summary, newestTicks) = StatSummary(files);
        if (!needManifest && statCache is not null && statCache.TryGetTree(rootPath, summary, out var known))
        {
            progress?.Report(new HashProgress(known.Bytes, known.Bytes, known.Files, known.Files));
            return new ScannedTree(known, null, rootPath);
        }

        var ids = new ObjectId[files.Count];
        long bytesTotal = 0;
        foreach (var file in files)
            bytesTotal += file.Stat.Key.Size;
        var tracker = new ProgressTracker(progress, bytesTotal, files.Count);
        tracker.Report(force: true);

        // Small files one per core; large ones afterwards, one at a time with every core, so both kinds use the machine.
        var small = new List<int>(files.Count);
        var large = new List<int>();
        for (var i = 0; i < files.Count; i++)
        {
            if (statCache is not null && statCache.TryGet(files[i].FullPath, files[i].Stat.Key, out var cached))
            {
                ids[i] = cached;
                tracker.Add(files[i].Stat.Key.Size);
            }
            else if (files[i].Stat.Key.Size >= LargeFileBytes)
                large.Add(i);
            else
                small.Add(i);
        }
        if (small.Count > 0)
        {
            Parallel.ForEach(
                Partitioner.Create(0, small.Count, Math.Max(1, Math.Min(256, small.Count / (_parallelism * 8) + 1))),
                new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = ct },
                range =>
                {
                    for (var k = range.Item1; k < range.Item2; k++)
                    {
                        var i = small[k];
                        ids[i] = HashFile(files[i].FullPath, files[i].Stat, useEveryCore: false);
                        tracker.Add(files[i].Stat.Key.Size);
                    }
                }
            );
        }
        foreach (var i in large)
        {
            ct.ThrowIfCancellationRequested();
            ids[i] = HashFile(files[i].FullPath, files[i].Stat, useEveryCore: _parallelism > 1);
            tracker.Add(files[i].Stat.Key.Size);
        }
        tracker.Report(force: true);

        var entries = new ManifestEntry[files.Count];
        for (var i = 0; i < files.Count; i++)
            entries[i] = new ManifestEntry(files[i].RelativePath, ids[i], files[i].Stat.Key.Size, files[i].Stat.IsExecutable);
        var manifest = new DirectoryManifest(entries);
        var hash = new PathHash(manifest.ComputeId(), true, bytesTotal, files.Count);
        statCache?.SetTree(rootPath, summary, hash, newestTicks);
        return new ScannedTree(hash, manifest, rootPath);
    }

    /// <summary>A hash of every file's relative path and stat, in walk order (sorted): equal summaries, unchanged tree.</summary>
    private static (ObjectId Summary, long NewestTicks) StatSummary(List<TreeFile> files)
    {
        var buffer = new ArrayBufferWriter<byte>(files.Count * 80 + 64);
        long newest = 0;
        foreach (var file in files)
        {
            var key = file.Stat.Key;
            var span = buffer.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(file.RelativePath.Length) + 41);
            var written = System.Text.Encoding.UTF8.GetBytes(file.RelativePath, span);
            span[written++] = 0;
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(span[written..], key.Size);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(span[(written + 8)..], key.MtimeTicks);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(span[(written + 16)..], key.Inode);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(span[(written + 24)..], key.CtimeTicks);
            span[written + 32] = file.Stat.IsExecutable ? (byte)1 : (byte)0;
            buffer.Advance(written + 33);
            newest = Math.Max(newest, Math.Max(key.MtimeTicks, key.CtimeTicks));
        }
        return (ObjectId.Of(buffer.WrittenSpan), newest);
    }

    /// <summary>Reads a whole file and hashes it. The size is a hint: whatever the file holds when read is hashed.</summary>
    internal static ObjectId ReadAndHash(string fullPath, long sizeHint, bool useEveryCore)
    {
        using var handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var large = sizeHint >= LargeFileBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(large ? LargeBufferBytes : SmallBufferBytes);
        try
        {
            // A small file in one read, hashed in one call: no incremental hasher state to set up.
            var first = RandomAccess.Read(handle, buffer, 0);
            if (first < buffer.Length && RandomAccess.Read(handle, buffer.AsSpan(first), first) == 0)
                return ObjectId.Of(buffer.AsSpan(0, first));

            using var hasher = Blake3.Hasher.New();
            long offset = 0;
            var read = first;
            while (read > 0)
            {
                if (useEveryCore && large)
                    hasher.UpdateWithJoin(buffer.AsSpan(0, read));
                else
                    hasher.Update(buffer.AsSpan(0, read));
                offset += read;
                read = RandomAccess.Read(handle, buffer, offset);
            }
            return ObjectId.FromHash(hasher.Finalize());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A scanned path: its hash, and for a directory its manifest.</summary>
    internal sealed record ScannedTree(PathHash Hash, DirectoryManifest? Manifest, string FullPath);

    /// <summary>One file found in a directory: its path relative to the root ('/' separators), where to read it, its stat.</summary>
    internal readonly record struct TreeFile(string RelativePath, string FullPath, StatInfo Stat);

    private sealed class ProgressTracker(IProgress<HashProgress>? progress, long bytesTotal, int filesTotal)
    {
        private long _bytesDone;
        private int _filesDone;
        private long _lastReport;

        public void Add(long bytes)
        {
            if (progress is null)
                return;
            Interlocked.Add(ref _bytesDone, bytes);
            Interlocked.Increment(ref _filesDone);
            Report(force: false);
        }

        public void Report(bool force)
        {
            if (progress is null)
                return;
            var now = Stopwatch.GetTimestamp();
            var last = Interlocked.Read(ref _lastReport);
            if (!force && (now - last < ProgressIntervalTicks || Interlocked.CompareExchange(ref _lastReport, now, last) != last))
                return;
            Interlocked.Exchange(ref _lastReport, now);
            progress.Report(new HashProgress(Interlocked.Read(ref _bytesDone), bytesTotal, Volatile.Read(ref _filesDone), filesTotal));
        }
    }
}
