using Repro.Core.Execution;
using Repro.Core.Experiments;
using Repro.Core.Pipeline;

namespace Repro.Core.Lock;

/// <summary>Builds the repro.lock of a successful full run from the pipeline and the run's stage outcomes.</summary>
public static class LockBuilder
{
    /// <summary>
    /// The lock of <paramref name="result"/>. Metrics are read back from the declared metrics files (per file, so that
    /// per-file tolerances apply in <c>verify</c>); an out is marked a directory when it is one on disk.
    /// </summary>
    public static LockFile Build(PipelineFile pipeline, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(result);
        var stages = new List<StageLock>();
        foreach (var outcome in result.Stages)
        {
            if (!pipeline.TryGetStage(outcome.Name, out var stage) || outcome.Fingerprint is null)
                continue;
            var metrics = new SortedDictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
            foreach (var file in stage.Metrics)
            {
                var path = Path.Combine(pipeline.ProjectDirPath, file.Path);
                if (File.Exists(path))
                    metrics[file.Path] = MetricsReader.ReadFile(path);
            }
            stages.Add(
                new StageLock(
                    stage.Name,
                    outcome.Fingerprint,
                    outcome.Seed,
                    stage.Params,
                    [.. outcome.DepHashes.Select(d => Locked(pipeline, d.Key, d.Value.ToString()))],
                    [.. outcome.OutHashes.Select(o => Locked(pipeline, o.Key, o.Value.ToString()))],
                    metrics
                )
            );
        }
        return new LockFile(pipeline.Seed, RunSnapshot.FlattenParams(pipeline.Params.ToJsonString()), stages);
    }

    /// <summary>Tolerances declared in pipeline.yaml: stage → metrics file → key → allowed absolute difference.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>> Tolerances(
        PipelineFile pipeline
    )
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return pipeline.Stages.ToDictionary(
            s => s.Name,
            s =>
                (IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>)
                    s.Metrics.ToDictionary(m => m.Path, m => m.Tolerances, StringComparer.Ordinal),
            StringComparer.Ordinal
        );
    }

    private static LockedPath Locked(PipelineFile pipeline, string relativePath, string hash) =>
        new(relativePath, hash, Directory.Exists(Path.Combine(pipeline.ProjectDirPath, relativePath)));
}
