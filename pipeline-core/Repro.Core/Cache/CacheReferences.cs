using Repro.Core.Fingerprint;
using Repro.Core.Store;

namespace Repro.Core.Cache;

/// <summary>
/// Which cache objects a run-cache entry needs: its outs (a directory is its manifest plus every file the manifest lists)
/// and the object holding its fingerprint parts. One definition for <c>gc</c> (what to keep) and <c>push</c>/<c>pull</c>
/// (what to move).
/// </summary>
public static class CacheReferences
{
    /// <summary>The roots of <paramref name="result"/>: its outs, and its fingerprint parts (stored under the fingerprint itself).</summary>
    public static IEnumerable<PathHash> RootsOf(StageResultRecord result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var stageOut in result.Outs)
            yield return stageOut.Hash;
        // The engine stores a stage's fingerprint parts under the fingerprint itself: `status` explains changes from it.
        if (ObjectId.TryParse(result.Fingerprint, out var parts))
            yield return new PathHash(parts, IsDirectory: false, 0, 1);
    }

    /// <summary>
    /// Every object under <paramref name="roots"/>: each root's id, and for a directory whose manifest is in
    /// <paramref name="objects"/>, the ids it lists.
    /// </summary>
    public static HashSet<ObjectId> Expand(ObjectStore objects, IEnumerable<PathHash> roots)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(roots);
        var ids = new HashSet<ObjectId>();
        var expanded = new HashSet<ObjectId>();
        foreach (var root in roots)
        {
            ids.Add(root.Id);
            // Many entries share a directory (a cached stage re-recorded by several runs): read its manifest once.
            if (root.IsDirectory && expanded.Add(root.Id) && objects.Contains(root.Id))
                ids.UnionWith(objects.ReadManifest(root.Id).Entries.Select(e => e.Id));
        }
        return ids;
    }
}
