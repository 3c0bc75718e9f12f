using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Repro.Core.Cache;
using Repro.Core.Fingerprint;
using Repro.Core.Graph;
using Repro.Core.Pipeline;

namespace Repro.Core.Execution;

/// <summary>
/// Runs a pipeline's stages in dependency order: each stage is restored from the run cache when its fingerprint is known,
/// otherwise its previous outs are removed, it runs through the <see cref="IStageExecutor"/>, its deps are checked again,
/// its outs go into the cache and its result into the run store. Independent stages run in parallel up to
/// <see cref="RunOptions.Jobs"/>; a failed stage skips what depends on it and lets other branches finish.
/// </summary>
/// <remarks>
/// A search trial is a run too: load the pipeline with the trial's params as overrides, then call <see cref="RunAsync"/> with
/// the target stage in <see cref="RunOptions.Targets"/> and the trial seed in <see cref="RunOptions.SeedOverrides"/>.
/// </remarks>
public sealed partial class Runner
{
    private readonly PipelineFile pipeline;
    private readonly StageGraph graph;
    private readonly RunnerServices services;

    public Runner(PipelineFile pipeline, RunnerServices services)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(services);
        this.pipeline = pipeline;
        this.services = services;
        graph = new StageGraph(pipeline);
    }

    public StageGraph Graph => graph;

    /// <summary>
    /// Runs <paramref name="stage"/> and what it needs with parameters overridden and the stage's seed replaced: what a search
    /// trial does. The pipeline is loaded again with <paramref name="overrides"/> (interpolation depends on them); each distinct
    /// (params, seed) is its own fingerprint, so a trial that already ran is restored from the cache instead of run again.
    /// The result's <see cref="RunResult.Metrics"/> hold the final metrics; per-step metrics are in the run store.
    /// </summary>
    public static async Task<RunResult> RunWithOverridesAsync(
        string projectDirPath,
        string stage,
        IReadOnlyList<KeyValuePair<string, System.Text.Json.Nodes.JsonNode?>> overrides,
        long? seed,
        RunnerServices services,
        RunOptions? options,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(services);
        var pipeline = PipelineLoader.Load(projectDirPath, new PipelineLoadOptions { Overrides = overrides, Steps = services.Steps });
        options ??= new RunOptions();
        var seeds = new Dictionary<string, long>(options.SeedOverrides, StringComparer.Ordinal);
        if (seed is { } trialSeed)
            seeds[stage] = trialSeed;
        return await new Runner(pipeline, services).RunAsync(options with { Targets = [stage], SeedOverrides = seeds }, cancellationToken);
    }

    /// <summary>Runs the selected stages; failures are outcomes. Cancelling kills running children and rethrows.</summary>
    public async Task<RunResult> RunAsync(RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var selected = graph.Closure(options.Targets);
        var dryRun = !services.Executor.ChangesWorkspace;
        var run = dryRun
            ? RunRecorder.DryRun(pipeline, options)
            : await services.Recorder.BeginAsync(pipeline, options, selected, cancellationToken);
        var context = new RunContext(run, options, dryRun);
        if (!dryRun)
        {
            Directory.CreateDirectory(run.RunDirPath);
            services.Observer.RunStarted(run);
            await File.WriteAllTextAsync(
                context.ParamsPath,
                pipeline.Params.ToJsonString(new JsonSerializerOptions { WriteIndented = true }),
                cancellationToken
            );
        }

        using var slots = new SemaphoreSlim(Math.Max(1, options.Jobs));
        var tasks = new Dictionary<string, Task<StageOutcome>>(StringComparer.Ordinal);
        try
        {
            foreach (var stage in selected)
            {
                var needs = graph.Upstream(stage.Name).Where(tasks.ContainsKey).Select(n => tasks[n]).ToList();
                tasks[stage.Name] = RunWhenReadyAsync(stage, needs, slots, context, cancellationToken);
                // One job: run in the graph's order, which keeps file order among independent stages (and readable logs).
                if (options.Jobs <= 1)
                    await tasks[stage.Name];
            }
            await Task.WhenAll(tasks.Values);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (!dryRun)
                await services.Recorder.FinishAsync(run, [.. context.Finished.Values], interrupted: true, CancellationToken.None);
            throw;
        }
        var outcomes = selected.Select(s => tasks[s.Name].Result).ToList();
        if (!dryRun)
            await services.Recorder.FinishAsync(run, outcomes, interrupted: false, CancellationToken.None);
        return new RunResult(run.RunId, run.RunName, outcomes);
    }

    private async Task<StageOutcome> RunWhenReadyAsync(
        Stage stage,
        List<Task<StageOutcome>> needs,
        SemaphoreSlim slots,
        RunContext context,
        CancellationToken cancellationToken
    )
    {
        // Wait for what the stage needs without throwing: a failed upstream is an outcome, not an exception.
        await Task.WhenAll(needs).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        cancellationToken.ThrowIfCancellationRequested();
        var seed = context.Options.SeedOverrides.TryGetValue(stage.Name, out var overridden) ? overridden : stage.Seed;
        var blocked = graph
            .Upstream(stage.Name)
            .Select(n => context.Finished.GetValueOrDefault(n))
            .FirstOrDefault(o => o is { Succeeded: false });
        StageOutcome outcome;
        if (blocked is not null)
        {
            outcome = new StageOutcome
            {
                Name = stage.Name,
                Status = StageStatus.Skipped,
                Seed = seed,
                Reason =
                    blocked.Status == StageStatus.Failed ? $"upstream '{blocked.Name}' failed" : $"upstream '{blocked.Name}' was skipped",
            };
        }
        else
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                outcome = await RunStageAsync(stage, seed, context, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }
        context.Finished[stage.Name] = outcome;
        if (!context.DryRun && outcome.Status != StageStatus.Skipped)
            await services.Recorder.StageFinishedAsync(context.Run, outcome, CancellationToken.None);
        services.Observer.StageFinished(outcome);
        return outcome;
    }

    private async Task<StageOutcome> RunStageAsync(Stage stage, long seed, RunContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var plan = await PlanAsync(stage, seed, context.Finished, context.DryRun, cancellationToken);
        var outcome = new StageOutcome
        {
            Name = stage.Name,
            Status = StageStatus.WouldRun,
            Seed = seed,
            Fingerprint = plan.Fingerprint?.Id,
            DepHashes = plan.DepIds,
            Reason = plan.Reason,
            Changes = plan.Changes,
        };
        if (plan.Cached is { } cached && !context.Options.Force)
        {
            var inPlace = await OutsInPlaceAsync(stage, cached, cancellationToken);
            if (!context.DryRun && !inPlace)
                await RestoreAsync(stage, cached, cancellationToken);
            string cachedReason;
            if (plan.Changes.Count == 0 && inPlace)
                cachedReason = "up to date";
            else
            {
                var restore =
                    inPlace ? ""
                    : context.DryRun ? ", outs to restore"
                    : ", outs restored";
                var changed = plan.Changes.Count == 0 || plan.Changes[0] == "never run" ? "" : string.Join("; ", plan.Changes) + "; ";
                cachedReason = $"{changed}cached from run {cached.RunName}{restore}";
            }
            return outcome with
            {
                Status = StageStatus.Cached,
                Reason = cachedReason,
                CachedFromRunId = cached.RunId,
                OutsInPlace = inPlace,
                OutHashes = cached.Outs.ToDictionary(p => p.Key, p => p.Value.Id, StringComparer.Ordinal),
                Metrics = cached.Metrics,
                Duration = clock.Elapsed,
            };
        }
        var reason = context.Options.Force && plan.Cached is not null ? "forced" : plan.Reason;
        outcome = outcome with { Reason = reason };
        if (context.DryRun || plan.Fingerprint is null)
            return outcome with { Duration = clock.Elapsed };

        services.Observer.StageStarted(stage.Name, reason);
        string? failure,
            jobId;
        int? exitCode;
        try
        {
            (failure, exitCode, jobId) = await ExecuteAsync(stage, seed, plan, context, cancellationToken);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // The run stops, but the record keeps the stage it stopped (with its job: a pruned trial's, say) for exp show.
            var cancelled = outcome with
            {
                Status = StageStatus.Failed,
                Reason = "cancelled" + OnJob((ex as JobCancelledException)?.JobId),
                Duration = clock.Elapsed,
            };
            context.Finished[stage.Name] = cancelled;
            await services.Recorder.StageFinishedAsync(context.Run, cancelled, CancellationToken.None);
            throw;
        }
        var onJob = OnJob(jobId);
        // Whether the engine asked the stage to end early (a pruned trial): a truncated result is never cached, and a
        // stage that then failed or left its outs unwritten says why it stopped.
        var endedEarly = ControlMessage.TryRead(ControlPathOf(context.Run, stage)) is { } message ? ControlMessage.EndWord(message) : null;
        if (failure is not null)
            return outcome with
            {
                Status = StageStatus.Failed,
                Reason = failure + onJob + (endedEarly is null ? "" : $"; the engine had asked it to end early ({endedEarly})"),
                ExitCode = exitCode,
                Duration = clock.Elapsed,
            };

        var outs = new Dictionary<string, PathHash>(StringComparer.Ordinal);
        foreach (var output in stage.Outputs)
            outs[output.Path] = await services.Objects.SaveAsync(Full(output.Path), services.Hasher, cancellationToken);
        var metrics = ReadMetrics(stage);
        // A stage the engine asked to end early wrote outs that are not what its inputs say they are: a truncated model
        // must never be restored as the finished one.
        var executed = outcome with
        {
            Status = StageStatus.Executed,
            Reason = outcome.Reason + onJob + (endedEarly is null ? "" : $"; ended early ({endedEarly}): not cached"),
            ExitCode = 0,
            OutHashes = outs.ToDictionary(p => p.Key, p => p.Value.Id, StringComparer.Ordinal),
            Metrics = metrics,
            Duration = clock.Elapsed,
        };
        if (endedEarly is null)
            await services.Cache.PutAsync(context.Run, stage.Name, plan.Fingerprint, outs, metrics, cancellationToken);
        return executed;
    }

    private static string ControlPathOf(ActiveRun run, Stage stage) =>
        Path.Combine(run.RunDirPath, StageInvocation.FileNameOf(stage.Name) + ".control");

    /// <summary>A stage that ran on a cluster names its job in the record (exp show), so its scheduler logs can be found.</summary>
    private static string OnJob(string? jobId) => jobId is null ? "" : $" (Slurm job {jobId})";

    private async Task<(string? Failure, int? ExitCode, string? JobId)> ExecuteAsync(
        Stage stage,
        long seed,
        StagePlan plan,
        RunContext context,
        CancellationToken cancellationToken
    )
    {
        // A stale file must never pass as new: outs go before the command starts.
        foreach (var output in stage.Outputs)
        {
            Delete(Full(output.Path));
            Directory.CreateDirectory(Path.GetDirectoryName(Full(output.Path))!);
        }
        var fileName = StageInvocation.FileNameOf(stage.Name);
        var invocation = new StageInvocation
        {
            Pipeline = pipeline,
            Stage = stage,
            RunId = context.Run.RunId,
            RunDirPath = context.Run.RunDirPath,
            Seed = seed,
            ParamsPath = context.ParamsPath,
            LogPath = Path.Combine(context.Run.RunDirPath, fileName + ".log"),
            MetricsStreamPath = Path.Combine(context.Run.RunDirPath, fileName + ".metrics.jsonl"),
            ControlPath = ControlPathOf(context.Run, stage),
            ControlAwait = context.Options.ControlAwait.TryGetValue(stage.Name, out var wait) ? wait : null,
            Observer = services.Observer,
        };
        var executor = stage.IsSearch && services.SearchExecutor is { } search ? search : services.Executor;
        StageExecution execution;
        try
        {
            execution = await executor.ExecuteAsync(invocation, cancellationToken);
        }
        finally
        {
            // A cancelled stage's steps are kept too: a pruned trial's curve up to where it was stopped.
            await services.Recorder.MetricSeriesAsync(context.Run, stage.Name, invocation.MetricsStreamPath, CancellationToken.None);
        }
        if (!execution.Succeeded)
            return (execution.Error ?? $"exit code {execution.ExitCode}", execution.ExitCode, execution.JobId);

        var after = await HashDepsAsync(stage, context.Finished, cancellationToken);
        foreach (var (path, id) in plan.DepIds)
        {
            if (after.Ids.GetValueOrDefault(path) != id)
                return ($"dep '{path}' changed while the stage ran; its result is not recorded", 0, execution.JobId);
        }
        foreach (var output in stage.Outputs)
        {
            if (!Exists(Full(output.Path)))
                return ($"declared output '{output.Path}' was not written", 0, execution.JobId);
        }
        return (null, null, execution.JobId);
    }

    private async Task<bool> OutsInPlaceAsync(Stage stage, CachedStage cached, CancellationToken cancellationToken)
    {
        foreach (var (path, hash) in cached.Outs)
        {
            var full = Full(path);
            if (!Exists(full) || (await services.Hasher.HashPathAsync(full, Progress(path), cancellationToken)).Id != hash.Id)
                return false;
        }
        return true;
    }

    private async Task RestoreAsync(Stage stage, CachedStage cached, CancellationToken cancellationToken)
    {
        foreach (var output in stage.Outputs)
        {
            if (!cached.Outs.TryGetValue(output.Path, out var hash))
                continue;
            var full = Full(output.Path);
            if (Exists(full) && (await services.Hasher.HashPathAsync(full, Progress(output.Path), cancellationToken)).Id == hash.Id)
                continue;
            Delete(full);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await services.Objects.RestoreAsync(hash, full, cancellationToken);
        }
    }

    private Dictionary<string, double> ReadMetrics(Stage stage)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var file in stage.Metrics)
        foreach (var (key, value) in MetricsReader.ReadFile(Full(file.Path)))
            metrics[key] = value;
        return metrics;
    }

    private string Full(string path) => Path.Combine(pipeline.ProjectDirPath, path);

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static void Delete(string path)
    {
        if (Directory.Exists(path) && !File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint))
            Directory.Delete(path, recursive: true);
        else if (File.Exists(path) || Directory.Exists(path))
            File.Delete(path);
    }

    private IProgress<HashProgress> Progress(string path) => new ObserverProgress(services.Observer, path);

    // Synchronous, unlike Progress<T>, so that reports reach the observer in order and before hashing returns.
    private sealed class ObserverProgress(IRunObserver observer, string path) : IProgress<HashProgress>
    {
        public void Report(HashProgress value) => observer.Hashing(path, value);
    }

    private sealed class RunContext(ActiveRun run, RunOptions options, bool dryRun)
    {
        public ActiveRun Run { get; } = run;

        public RunOptions Options { get; } = options;

        public bool DryRun { get; } = dryRun;

        public string ParamsPath { get; } = Path.Combine(run.RunDirPath, "params.json");

        public ConcurrentDictionary<string, StageOutcome> Finished { get; } = new(StringComparer.Ordinal);
    }
}
