using System.Text;
using System.Text.Json;
using Repro.Core.Cache;
using Repro.Core.Experiments;
using Repro.Core.Pipeline;
using Repro.Core.Store;
using StoredStatus = Repro.Core.Store.StageStatus;

namespace Repro.Core.Execution;

/// <summary>
/// Writes every <c>repro run</c> into the run store as an experiment (DESIGN.md §6): the run (name, times, git state,
/// command line, resolved params, seed, environment), each stage's execution, final metrics and metric series.
/// </summary>
/// <param name="store">The run store runs are written to.</param>
/// <param name="projectDirPath">The project; runs' folders go under its <c>.repro/runs</c>.</param>
/// <param name="time">The clock for created and finished times.</param>
/// <param name="environment">Facts the tool adds to the environment (its version, TorchSharp's, ...).</param>
public sealed class RunRecorder(
    RunStore store,
    string projectDirPath,
    TimeProvider time,
    IReadOnlyDictionary<string, string>? environment = null
)
{
    /// <summary>The folder holding every run's folder: <c>.repro/runs</c>.</summary>
    public static string RunsDirPath(string projectDirPath) => Path.Combine(projectDirPath, ".repro", "runs");

    /// <summary>A run that records nothing (<c>--dry-run</c>).</summary>
    public static ActiveRun DryRun(PipelineFile pipeline, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(options);
        return new ActiveRun("dry-run", options.Name ?? "dry-run", Path.Combine(RunsDirPath(pipeline.ProjectDirPath), "dry-run"), default);
    }

    public Task<ActiveRun> BeginAsync(
        PipelineFile pipeline,
        RunOptions options,
        IReadOnlyList<Stage> stages,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(options);
        var now = time.GetUtcNow();
        // Version 7: ids sort by creation time, so an id prefix also reads as "recent".
        var id = Guid.CreateVersion7(now).ToString("N");
        var name = options.Name ?? RunNames.For(id);
        var git = GitState.Of(projectDirPath);
        var facts = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (options.Kind is { } kind)
            facts["run_kind"] = kind;
        store.InsertRun(
            new RunRecord(
                id,
                name,
                now,
                null,
                RunStatus.Running,
                git?.Commit,
                git?.Branch,
                git?.Dirty,
                git?.DirtyDiffHash,
                options.CommandLine,
                pipeline.Params.ToJsonString(),
                pipeline.Seed,
                JsonSerializer.Serialize(EnvironmentFacts.Collect(facts))
            )
        );
        return Task.FromResult(new ActiveRun(id, name, Path.Combine(RunsDirPath(projectDirPath), id), now));
    }

    public Task StageFinishedAsync(ActiveRun run, StageOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(outcome);
        var status = outcome.Status switch
        {
            StageStatus.Executed => StoredStatus.Executed,
            StageStatus.Cached => StoredStatus.Cached,
            StageStatus.Skipped => StoredStatus.Skipped,
            _ => StoredStatus.Failed,
        };
        store.AddStageExecution(
            new StageExecutionRecord(
                run.RunId,
                outcome.Name,
                outcome.Fingerprint ?? "",
                status,
                (long)outcome.Duration.TotalMilliseconds,
                outcome.ExitCode,
                outcome.Seed,
                HashesJson(outcome.DepHashes),
                HashesJson(outcome.OutHashes),
                outcome.Reason
            )
        );
        if (outcome.Metrics.Count > 0)
            store.SetMetrics(run.RunId, outcome.Name, outcome.Metrics);
        return Task.CompletedTask;
    }

    /// <summary>Stores the per-step metrics a stage wrote to its <c>REPRO_METRICS_STREAM</c> file; bad lines are skipped.</summary>
    public async Task MetricSeriesAsync(ActiveRun run, string stage, string metricsStreamPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!File.Exists(metricsStreamPath))
            return;
        var points = new List<MetricPoint>();
        foreach (var line in await File.ReadAllLinesAsync(metricsStreamPath, cancellationToken))
        {
            if (MetricsReader.ParseStreamLine(line) is { } parsed)
                points.AddRange(parsed.Values.Select(v => new MetricPoint(run.RunId, stage, parsed.Step, v.Key, v.Value)));
        }
        if (points.Count > 0)
            store.AddMetricPoints(points);
    }

    public Task FinishAsync(ActiveRun run, IReadOnlyList<StageOutcome> outcomes, bool interrupted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(outcomes);
        var status =
            interrupted ? RunStatus.Interrupted
            : outcomes.All(o => o.Succeeded) ? RunStatus.Succeeded
            : RunStatus.Failed;
        store.FinishRun(run.RunId, status, time.GetUtcNow());
        return Task.CompletedTask;
    }

    private static string HashesJson(IReadOnlyDictionary<string, ObjectId> hashes) =>
        JsonSerializer.Serialize(hashes.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value.ToString()));
}
