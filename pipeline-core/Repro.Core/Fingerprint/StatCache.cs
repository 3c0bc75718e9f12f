using System.Collections.Concurrent;
using Repro.Core.Cache;

namespace Repro.Core.Fingerprint;

/// <summary>
/// Remembers the content id of each file by (full path, <see cref="FileStatKey"/>), so a file whose size, mtime, inode and
/// ctime have not changed is never read again. Lives in memory while hashing; the run store loads it in one query and
/// writes back only what changed, in one transaction (<c>RunStore.LoadStatCache</c> / <c>RunStore.SaveStatCache</c>).
/// Safe to use from several threads.
/// </summary>
public sealed class StatCache
{
    /// <summary>
    /// A file written this recently may be written again within the file system's timestamp granularity without its
    /// stat changing ("racily clean", as git calls it), so its id is used but not remembered.
    /// </summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private readonly Lazy<ConcurrentDictionary<string, (FileStatKey Key, ObjectId Id)>> _files;
    private readonly ConcurrentDictionary<string, (ObjectId Summary, PathHash Hash)> _trees = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _treesChanged = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _changed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ObjectId> _gitBlobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ObjectId> _gitBlobsAdded = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>An empty cache, held in memory only.</summary>
    public StatCache(TimeProvider? time = null)
        : this([], time) { }

    /// <summary>A cache holding <paramref name="entries"/> (as loaded from a store); none of them counts as changed.</summary>
    public StatCache(IEnumerable<StatCacheEntry> entries, TimeProvider? time = null)
        : this(() => entries, time) { }

    /// <summary>
    /// A cache whose file entries are loaded by <paramref name="loadFiles"/> the first time a file is looked up: an
    /// unchanged directory answered by its tree entry never pays for loading every file's row.
    /// </summary>
    public StatCache(Func<IEnumerable<StatCacheEntry>> loadFiles, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(loadFiles);
        _time = time ?? TimeProvider.System;
        _files = new Lazy<ConcurrentDictionary<string, (FileStatKey, ObjectId)>>(
            () =>
            {
                var files = new ConcurrentDictionary<string, (FileStatKey, ObjectId)>(StringComparer.Ordinal);
                foreach (var entry in loadFiles())
                    files[entry.Path] = (entry.Key, entry.Id);
                return files;
            },
            LazyThreadSafetyMode.ExecutionAndPublication
        );
    }

    private ConcurrentDictionary<string, (FileStatKey Key, ObjectId Id)> FileEntries => _files.Value;

    /// <summary>
    /// The hash remembered for directory <paramref name="dirFullPath"/> if the stat summary of its files (every relative
    /// path, size, mtime, inode, ctime and executable bit) is still <paramref name="summary"/>.
    /// </summary>
    public bool TryGetTree(string dirFullPath, ObjectId summary, out PathHash hash)
    {
        if (_trees.TryGetValue(dirFullPath, out var entry) && entry.Summary == summary)
        {
            hash = entry.Hash;
            return true;
        }
        hash = default;
        return false;
    }

    /// <summary>Remembers a directory's hash for its stat summary; <paramref name="newestTicks"/> (its newest mtime or ctime) guards against racy files.</summary>
    /// <returns>Whether it was remembered.</returns>
    public bool SetTree(string dirFullPath, ObjectId summary, PathHash hash, long newestTicks)
    {
        if (IsRacy(newestTicks))
            return false;
        if (_trees.TryGetValue(dirFullPath, out var old) && old.Summary == summary && old.Hash == hash)
            return true;
        _trees[dirFullPath] = (summary, hash);
        _treesChanged[dirFullPath] = 0;
        return true;
    }

    /// <summary>Loads remembered directories (from a store); they do not count as changed.</summary>
    public void LoadTrees(IEnumerable<TreeCacheEntry> trees)
    {
        ArgumentNullException.ThrowIfNull(trees);
        foreach (var tree in trees)
            _trees[tree.Path] = (tree.Summary, tree.Hash);
    }

    /// <summary>The directories remembered since the last call; clears that set.</summary>
    public IReadOnlyList<TreeCacheEntry> TakeTreeChanges()
    {
        var changed = new List<TreeCacheEntry>();
        foreach (var path in _treesChanged.Keys)
        {
            _treesChanged.TryRemove(path, out _);
            if (_trees.TryGetValue(path, out var entry))
                changed.Add(new TreeCacheEntry(path, entry.Summary, entry.Hash));
        }
        return changed;
    }

    private bool IsRacy(long newestTicks) => _time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks - newestTicks < RacyWindow.Ticks;

    /// <summary>The number of remembered files.</summary>
    public int Count => FileEntries.Count;

    /// <summary>Whether anything was added or replaced since the cache was built or <see cref="TakeChanges"/> was called.</summary>
    public bool HasChanges => !_changed.IsEmpty || !_gitBlobsAdded.IsEmpty || !_treesChanged.IsEmpty;

    /// <summary>The id remembered for <paramref name="fullPath"/> if its stat is still <paramref name="key"/>.</summary>
    public bool TryGet(string fullPath, FileStatKey key, out ObjectId id)
    {
        if (FileEntries.TryGetValue(fullPath, out var entry) && entry.Key == key)
        {
            id = entry.Id;
            return true;
        }
        id = default;
        return false;
    }

    /// <summary>Remembers <paramref name="id"/> for <paramref name="fullPath"/> at <paramref name="key"/>, unless the file is too fresh to trust.</summary>
    /// <returns>Whether it was remembered.</returns>
    public bool Set(string fullPath, FileStatKey key, ObjectId id)
    {
        if (IsRacy(Math.Max(key.MtimeTicks, key.CtimeTicks)))
            return false;
        if (FileEntries.TryGetValue(fullPath, out var old) && old.Key == key && old.Id == id)
            return true;
        FileEntries[fullPath] = (key, id);
        _changed[fullPath] = 0;
        return true;
    }

    /// <summary>Forgets <paramref name="fullPath"/>.</summary>
    public void Remove(string fullPath)
    {
        if (FileEntries.TryRemove(fullPath, out _))
            _changed[fullPath] = 0;
    }

    /// <summary>The BLAKE3 id of the content whose git blob id is <paramref name="gitBlobId"/>, if it was hashed before.</summary>
    public bool TryGetByGitBlob(string gitBlobId, out ObjectId id) => _gitBlobs.TryGetValue(gitBlobId, out id);

    /// <summary>Remembers that the content of git blob <paramref name="gitBlobId"/> has BLAKE3 id <paramref name="id"/>.</summary>
    public void SetGitBlob(string gitBlobId, ObjectId id)
    {
        if (_gitBlobs.TryGetValue(gitBlobId, out var known) && known == id)
            return;
        _gitBlobs[gitBlobId] = id;
        _gitBlobsAdded[gitBlobId] = id;
    }

    /// <summary>Loads remembered git blob ids (from a store); they do not count as changed.</summary>
    public void LoadGitBlobs(IEnumerable<KeyValuePair<string, ObjectId>> blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        foreach (var (blob, id) in blobs)
            _gitBlobs[blob] = id;
    }

    /// <summary>The git blob ids remembered since the last call; clears that set.</summary>
    public IReadOnlyList<KeyValuePair<string, ObjectId>> TakeGitBlobChanges()
    {
        var added = new List<KeyValuePair<string, ObjectId>>();
        foreach (var blob in _gitBlobsAdded.Keys)
        {
            if (_gitBlobsAdded.TryRemove(blob, out var id))
                added.Add(new(blob, id));
        }
        return added;
    }

    /// <summary>Every remembered file.</summary>
    public IEnumerable<StatCacheEntry> Entries => FileEntries.Select(e => new StatCacheEntry(e.Key, e.Value.Key, e.Value.Id));

    /// <summary>
    /// The entries added or replaced since the last call, and the paths removed; clears the change set. The store
    /// writes exactly these back.
    /// </summary>
    public (IReadOnlyList<StatCacheEntry> Upserted, IReadOnlyList<string> Removed) TakeChanges()
    {
        if (_changed.IsEmpty)
            return ([], []);
        var upserted = new List<StatCacheEntry>();
        var removed = new List<string>();
        foreach (var path in _changed.Keys)
        {
            _changed.TryRemove(path, out _);
            if (FileEntries.TryGetValue(path, out var entry))
                upserted.Add(new StatCacheEntry(path, entry.Key, entry.Id));
            else
                removed.Add(path);
        }
        return (upserted, removed);
    }
}
