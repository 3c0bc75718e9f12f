using System.Text;
using System.Text.Json;
using Repro.Core.Cache;
using Repro.Core.Fingerprint;
using Repro.Core.Store;

namespace Repro.Core.Execution;

/// <summary>
/// The run cache as the runner sees it: fingerprint to result (from the run store), each stage's last fingerprint, and each
/// fingerprint's parts. The parts are kept as an object in the content-addressed cache: a fingerprint is the BLAKE3 of their
/// canonical JSON, so the object's id is the fingerprint itself and <c>status</c> can say which part changed.
/// </summary>
public sealed class StageCache(RunStore store, ObjectStore objects)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> runNames = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, string>? latest;

    /// <summary>The cached result of <paramref name="fingerprintId"/>, when the store knows it and every out is still in the cache.</summary>
    public Task<CachedStage?> TryGetAsync(string fingerprintId, CancellationToken cancellationToken)
    {
        if (!store.TryGetStageResult(fingerprintId, out var result) || !result.Outs.All(o => objects.ContainsAll(o.Hash)))
            return Task.FromResult<CachedStage?>(null);
        var name = runNames.GetOrAdd(result.RunId, id => store.TryGetRun(id, out var run) ? run.Name : id);
        var metrics = JsonSerializer.Deserialize<Dictionary<string, double>>(result.MetricsJson) ?? [];
        return Task.FromResult<CachedStage?>(
            new CachedStage(result.RunId, name, result.Outs.ToDictionary(o => o.Path, o => o.Hash, StringComparer.Ordinal), metrics)
        );
    }

    /// <summary>The fingerprint of the stage's latest successful execution, with its parts; null when it never ran.</summary>
    public Task<StageFingerprint?> LastFingerprintAsync(string stage, CancellationToken cancellationToken)
    {
        // Read once per run: the runner compares with the state before this run, not with what it just did.
        latest ??= store.LatestStageFingerprints();
        if (!latest.TryGetValue(stage, out var id) || !ObjectId.TryParse(id, out var objectId) || !objects.Contains(objectId))
            return Task.FromResult<StageFingerprint?>(null);
        return Task.FromResult(StageFingerprint.FromJson(Encoding.UTF8.GetString(objects.ReadBytes(objectId))));
    }

    /// <summary>Remembers a stage's result under its fingerprint (after its outs went into the object store).</summary>
    public async Task PutAsync(
        ActiveRun run,
        string stage,
        StageFingerprint fingerprint,
        IReadOnlyDictionary<string, PathHash> outs,
        IReadOnlyDictionary<string, double> metrics,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(fingerprint);
        await objects.SaveBytesAsync(Encoding.UTF8.GetBytes(fingerprint.ToJson()), cancellationToken);
        store.PutStageResult(
            new StageResultRecord(
                fingerprint.Id,
                stage,
                [.. outs.Select(o => new StageOut(o.Key, o.Value))],
                JsonSerializer.Serialize(metrics),
                run.RunId
            )
        );
    }
}
