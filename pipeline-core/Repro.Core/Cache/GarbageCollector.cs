using Repro.Core.Fingerprint;
using Repro.Core.Lock;
using Repro.Core.Store;

namespace Repro.Core.Cache;

/// <summary>What <c>repro gc</c> removed (or would remove) and kept.</summary>
public sealed record GcReport(int RemovedObjects, long RemovedBytes, int KeptObjects, int DroppedCacheEntries, int TemporaryFiles);

/// <summary>
/// Drops cache objects that no kept experiment and no repro.lock refers to. A run-cache entry whose run was removed
/// (<c>repro exp rm</c>) goes too, so the run cache never points at a deleted object.
/// </summary>
public static class GarbageCollector
{
    public static GcReport Collect(RunStore store, ObjectStore objects, LockFile? lockFile, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(objects);
        var keptRuns = store.ListRuns().Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var dropped = 0;
        foreach (var (fingerprint, runId) in store.ListStageResultOwners())
        {
            if (keptRuns.Contains(runId))
                continue;
            dropped++;
            if (!dryRun)
                store.DeleteStageResult(fingerprint);
        }
        var roots = new List<PathHash>();
        foreach (var (fingerprint, _) in store.ListStageResultOwners().Where(o => keptRuns.Contains(o.RunId)))
        {
            if (store.TryGetStageResult(fingerprint, out var result))
                roots.AddRange(CacheReferences.RootsOf(result));
        }
        foreach (var out_ in lockFile?.Stages.SelectMany(s => s.Outs) ?? [])
        {
            if (ObjectId.TryParse(out_.Hash, out var id))
                roots.Add(new PathHash(id, out_.IsDirectory, out_.Bytes ?? 0, out_.Files ?? 1));
        }
        var referenced = CacheReferences.Expand(objects, roots);
        int removed = 0,
            kept = 0;
        long bytes = 0;
        foreach (var id in objects.EnumerateAll().ToList())
        {
            if (referenced.Contains(id))
            {
                kept++;
                continue;
            }
            removed++;
            bytes += new FileInfo(objects.ObjectPath(id)).Length;
            if (!dryRun)
                objects.Delete(id);
        }
        var temporary = dryRun ? 0 : objects.DeleteTemporaryFiles();
        return new GcReport(removed, bytes, kept, dropped, temporary);
    }
}
