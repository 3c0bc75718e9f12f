using System.Collections.Concurrent;
using Repro.Core.Cache;
using Repro.Core.Fingerprint;
using Repro.Core.Pipeline;

namespace Repro.Core.Execution;

public sealed partial class Runner
{
    /// <summary>
    /// Hashes a stage's deps, builds its fingerprint, looks it up in the run cache and compares it with the stage's last
    /// fingerprint, so that a run, a dry run and <c>status</c> give the same reasons.
    /// </summary>
    public async Task<StagePlan> PlanAsync(
        Stage stage,
        long seed,
        IReadOnlyDictionary<string, StageOutcome> upstreamOutcomes,
        bool dryRun,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(upstreamOutcomes);
        var deps = await HashDepsAsync(stage, upstreamOutcomes, cancellationToken, dryRun);
        if (deps.Blocker is { } blocker)
        {
            var never = await services.Cache.LastFingerprintAsync(stage.Name, cancellationToken) is null;
            return new StagePlan
            {
                Reason = blocker,
                DepIds = deps.Ids,
                Changes = never ? ["never run"] : [blocker],
            };
        }
        var fingerprint = FingerprintBuilder.Build(
            stage,
            deps.Ids.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal),
            seed,
            services.Steps
        );
        var cached = await services.Cache.TryGetAsync(fingerprint.Id, cancellationToken);
        var last = await services.Cache.LastFingerprintAsync(stage.Name, cancellationToken);
        IReadOnlyList<string> changes = last is null ? ["never run"] : fingerprint.ChangesSince(last);
        string reason;
        if (cached is not null)
            reason = $"cached from run {cached.RunName}";
        else if (changes.Count > 0)
            reason = string.Join("; ", changes);
        else
            reason = "its last result is not in the cache";
        return new StagePlan
        {
            Fingerprint = fingerprint,
            DepIds = deps.Ids,
            Cached = cached,
            Changes = changes,
            Reason = reason,
        };
    }

    private async Task<(Dictionary<string, ObjectId> Ids, string? Blocker)> HashDepsAsync(
        Stage stage,
        IReadOnlyDictionary<string, StageOutcome> upstreamOutcomes,
        CancellationToken cancellationToken,
        bool dryRun = false
    )
    {
        var ids = new ConcurrentDictionary<string, ObjectId>(StringComparer.Ordinal);
        foreach (var dep in stage.Deps)
        {
            var producer = graph.ProducerOf(dep.Path);
            var upstream = producer is null ? null : upstreamOutcomes.GetValueOrDefault(producer);
            if (dryRun && upstream is { Status: StageStatus.WouldRun })
                return (new(ids), $"upstream stage '{producer}' will run");
            // In a dry run a cached upstream stage has not restored its outs: its record says what they will be.
            if (dryRun && upstream is not null && upstream.OutHashes.TryGetValue(dep.Path, out var recorded))
            {
                ids[dep.Path] = recorded;
                continue;
            }
            var full = Full(dep.Path);
            if (!Exists(full))
                return (new(ids), $"dep '{dep.Path}' is missing");
            ids[dep.Path] = (await services.Hasher.HashPathAsync(full, Progress(dep.Path), cancellationToken)).Id;
        }
        return (new(ids), null);
    }
}
