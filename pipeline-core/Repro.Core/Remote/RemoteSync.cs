using System.Collections.Concurrent;
using Repro.Core.Cache;
using Repro.Core.Store;

namespace Repro.Core.Remote;

/// <summary>
/// Moves the content-addressed cache and the run cache between a project and a remote: <c>push</c> sends the objects and
/// records of the project's run-cache entries that the remote lacks; <c>pull</c> brings the records the project lacks and
/// every object its entries need, so that a later <c>run</c> restores instead of executing.
/// </summary>
/// <remarks>
/// Only missing objects move, several at once. Every object is hashed on the way and must match its id: a pulled one is
/// written under a temporary name and renamed only then; a pushed one is read to its end, and so checked, before the remote
/// commits it. A record goes after all its objects (push) and is recorded only once they all arrived (pull). The caller
/// holds the project lock.
/// </remarks>
public sealed class RemoteSync(string remoteName, IRemote remote, RunStore store, ObjectStore objects, RemoteSyncOptions? options = null)
{
    private readonly RemoteSyncOptions options = options ?? new RemoteSyncOptions();

    /// <summary>Sends what the remote lacks of the run-cache entries of <paramref name="stages"/> (all when null).</summary>
    public async Task<TransferReport> PushAsync(IReadOnlySet<string>? stages, CancellationToken ct)
    {
        var tally = new Tally();
        var complete = new List<(StageResultRecord Entry, HashSet<ObjectId> Ids)>();
        var absent = new HashSet<ObjectId>();
        foreach (var entry in LocalEntries(stages))
        {
            var ids = CacheReferences.Expand(objects, CacheReferences.RootsOf(entry));
            var missing = ids.Where(id => !objects.Contains(id)).ToList();
            // A record must never name an object the remote may lack: an entry whose objects are gone here stays here.
            if (missing.Count > 0)
                absent.UnionWith(missing);
            else
                complete.Add((entry, ids));
        }
        tally.Missing = absent.Count;

        var wanted = complete.SelectMany(c => c.Ids).ToHashSet();
        var present = await RemoteObjectsAsync(wanted, ct);
        tally.Skipped = wanted.Count(present.Contains);
        var failed = new ConcurrentDictionary<ObjectId, bool>();
        await ForEachAsync(
            wanted.Where(id => !present.Contains(id)),
            async (id, c) =>
            {
                var key = RemoteKeys.Object(id);
                try
                {
                    await using var file = new FileStream(
                        objects.ObjectPath(id),
                        FileMode.Open,
                        FileAccess.Read,
                        FileShare.Read,
                        1 << 16,
                        FileOptions.SequentialScan
                    );
                    await using var hashing = new HashingStream(file, id);
                    await remote.UploadAsync(key, hashing, c);
                    tally.Moved(file.Length);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failed[id] = true;
                    var detail = FindInvalidData(ex)?.Message ?? ex.Message;
                    tally.Failures.Add(new TransferFailure(key, RemoteErrors.LocalCorrupted(id, detail)));
                }
            },
            ct
        );

        var records = await ListAsync(RemoteKeys.RunCachePrefix, ct);
        await ForEachAsync(
            complete,
            async (item, c) =>
            {
                var key = RemoteKeys.Record(item.Entry.Stage, item.Entry.Fingerprint);
                if (records.Contains(key))
                    Interlocked.Increment(ref tally.RecordsSkipped);
                else if (!item.Ids.Any(failed.ContainsKey))
                {
                    using var content = new MemoryStream(RunCacheRecord.Write(item.Entry), writable: false);
                    await remote.UploadAsync(key, content, c);
                    Interlocked.Increment(ref tally.Records);
                }
            },
            ct
        );
        return tally.Report(remoteName);
    }

    /// <summary>
    /// Brings the remote's run-cache records of <paramref name="stages"/> (all when null) that this project lacks, and every
    /// object that those records and this project's own entries need but the local cache lacks.
    /// </summary>
    public async Task<TransferReport> PullAsync(IReadOnlySet<string>? stages, CancellationToken ct)
    {
        var tally = new Tally();
        var keys = new List<string>();
        foreach (var key in await ListAsync(RemoteKeys.RunCachePrefix, ct))
        {
            if (!RemoteKeys.TryParseRecord(key, out var stage, out var fingerprint) || (stages is not null && !stages.Contains(stage)))
                continue;
            if (store.TryGetStageResult(fingerprint, out _))
                tally.RecordsSkipped++;
            else
                keys.Add(key);
        }
        var fetched = new ConcurrentBag<StageResultRecord>();
        await ForEachAsync(
            keys,
            async (key, c) =>
            {
                using var buffer = new MemoryStream();
                if (!await remote.DownloadAsync(key, buffer, c))
                    return;
                try
                {
                    fetched.Add(RunCacheRecord.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), key));
                }
                catch (FormatException ex)
                {
                    tally.Failures.Add(new TransferFailure(key, RemoteErrors.BadRecord(remoteName, key, ex.Message)));
                }
            },
            ct
        );

        var roots = LocalEntries(stages).Concat(fetched).SelectMany(CacheReferences.RootsOf).ToList();
        var seen = new HashSet<ObjectId>();
        // First the roots (files and directory manifests); once the manifests are here, the files they list.
        for (var wave = 0; wave < 2; wave++)
        {
            var ids = wave == 0 ? roots.Select(r => r.Id).ToHashSet() : CacheReferences.Expand(objects, roots);
            ids.ExceptWith(seen);
            seen.UnionWith(ids);
            var missing = ids.Where(id => !objects.Contains(id)).ToList();
            tally.Skipped += ids.Count - missing.Count;
            await ForEachAsync(missing, (id, c) => new ValueTask(FetchAsync(id, tally, c)), ct);
        }

        // A record is kept only when every out it names is here, intact: then `run` can restore it.
        foreach (var record in fetched)
        {
            if (record.Outs.All(o => objects.ContainsAll(o.Hash)))
            {
                store.PutStageResult(record);
                tally.Records++;
            }
        }
        return tally.Report(remoteName);
    }

    private async Task FetchAsync(ObjectId id, Tally tally, CancellationToken ct)
    {
        var key = RemoteKeys.Object(id);
        var finalPath = objects.ObjectPath(id);
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        var tempPath = AtomicFile.TempPathFor(finalPath);
        try
        {
            bool found;
            ObjectId actual;
            long length;
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                await using var hashing = new HashingStream(file);
                found = await remote.DownloadAsync(key, hashing, ct);
                actual = hashing.ComputeId();
                length = file.Length;
                if (found && actual == id)
                    file.Flush(flushToDisk: true);
            }
            if (!found)
                Interlocked.Increment(ref tally.Missing);
            else if (actual != id)
                tally.Failures.Add(new TransferFailure(key, RemoteErrors.Corrupted(remoteName, id, actual)));
            else
            {
                File.Move(tempPath, finalPath, overwrite: true);
                tally.Moved(length);
                return;
            }
            File.Delete(tempPath);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            File.Delete(tempPath);
            tally.Failures.Add(new TransferFailure(key, $"object {id} could not be fetched from remote '{remoteName}': {ex.Message}"));
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }
    }

    private IEnumerable<StageResultRecord> LocalEntries(IReadOnlySet<string>? stages)
    {
        foreach (var (fingerprint, _) in store.ListStageResultOwners())
        {
            if (store.TryGetStageResult(fingerprint, out var entry) && (stages is null || stages.Contains(entry.Stage)))
                yield return entry;
        }
    }

    /// <summary>Which of <paramref name="ids"/> the remote has: asked one by one when few, from its listing when many.</summary>
    private async Task<HashSet<ObjectId>> RemoteObjectsAsync(IReadOnlyCollection<ObjectId> ids, CancellationToken ct)
    {
        var present = new HashSet<ObjectId>();
        if (ids.Count > options.ListThreshold)
        {
            foreach (var key in await ListAsync(RemoteKeys.ObjectsPrefix, ct))
            {
                if (RemoteKeys.TryParseObject(key, out var id))
                    present.Add(id);
            }
            return present;
        }
        var found = new ConcurrentBag<ObjectId>();
        await ForEachAsync(
            ids,
            async (id, c) =>
            {
                if (await remote.ExistsAsync(RemoteKeys.Object(id), c))
                    found.Add(id);
            },
            ct
        );
        present.UnionWith(found);
        return present;
    }

    private async Task<HashSet<string>> ListAsync(string prefix, CancellationToken ct)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in remote.ListAsync(prefix, ct))
            keys.Add(key);
        return keys;
    }

    private Task ForEachAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, ValueTask> body, CancellationToken ct) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = options.Jobs, CancellationToken = ct }, body);

    private static InvalidDataException? FindInvalidData(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is InvalidDataException invalid)
                return invalid;
        }
        return null;
    }

    private sealed class Tally
    {
        public int Objects;
        public int Skipped;
        public long Bytes;
        public int Missing;
        public int Records;
        public int RecordsSkipped;
        public ConcurrentBag<TransferFailure> Failures { get; } = new();

        public void Moved(long bytes)
        {
            Interlocked.Increment(ref Objects);
            Interlocked.Add(ref Bytes, bytes);
        }

        public TransferReport Report(string remote) =>
            new(
                remote,
                Objects,
                Skipped,
                Bytes,
                Missing,
                Records,
                RecordsSkipped,
                [.. Failures.OrderBy(f => f.Key, StringComparer.Ordinal)]
            );
    }
}
