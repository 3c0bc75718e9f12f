using System.Text.Json.Nodes;
using Repro.Core.Experiments;

namespace Repro.Core.Lock;

/// <summary>Turns repro.lock into an <see cref="ExperimentSnapshot"/>, so <c>repro diff lock last</c> compares like any two runs.</summary>
public static class LockSnapshot
{
    public static ExperimentSnapshot From(LockFile lockFile)
    {
        ArgumentNullException.ThrowIfNull(lockFile);
        // Grouped by stage, as the run store keeps them, so 'diff lock last' names every metric the same way on both sides.
        var metricsByStage = lockFile.Stages.ToDictionary(
            s => s.Name,
            s =>
                (IReadOnlyDictionary<string, double>)
                    s.Metrics.SelectMany(f => f.Value).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value),
            StringComparer.Ordinal
        );
        return new ExperimentSnapshot
        {
            Id = "lock",
            Name = "lock",
            PipelineSeed = lockFile.Seed,
            Params = lockFile.Params,
            Metrics = MetricPaths.Flatten(metricsByStage),
            StageSeeds = lockFile.Stages.ToDictionary(s => s.Name, s => s.Seed, StringComparer.Ordinal),
            StageFingerprints = lockFile.Stages.ToDictionary(s => s.Name, s => s.Fingerprint, StringComparer.Ordinal),
        };
    }
}
