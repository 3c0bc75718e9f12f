using System.Globalization;
using System.Text.Json.Nodes;
using Repro.Core.Execution;
using Repro.Core.Search.Pruners;
using Repro.Core.Store;

namespace Repro.Core.Search.Execution;

/// <summary>
/// Runs one study's trials: up to <c>parallel</c> at once, each on a free worker (a copy of the project with its own thread
/// budget), each a run of the objective stage with the trial's params and seed. While a trial runs its metrics stream is
/// followed; when the pruner says stop, <c>prune</c> goes into its control file, and a trial that has not stopped after the
/// grace period is killed. With a pruner, the trial's target waits after each epoch for the verdict (<c>continue N</c> or
/// <c>prune</c>), so a seeded sequential study prunes at the same epochs on a fast machine and a slow one.
/// </summary>
internal sealed class TrialRunner(
    RunnerServices services,
    SearchExecutorOptions options,
    StageInvocation invocation,
    SearchStageOptions search,
    Study study,
    SearchLog log
)
{
    private readonly IStudyStorage storage = options.Storage ?? services.Store!;

    public async Task RunAllAsync(CancellationToken cancellationToken)
    {
        var parallel = options.WorkspaceCopies ? search.Parallel : 1;
        // Disjoint budgets: N trials with every core each would fight over them and run slower than one after another.
        var threads = parallel > 1 ? Math.Max(1, Environment.ProcessorCount / parallel) : 0;
        var project = invocation.Pipeline.ProjectDirPath;
        var studyDir = TrialWorkspace.StudyDirPath(project, study.Name);
        var workers = new string?[parallel];
        var free = new Stack<int>(Enumerable.Range(0, parallel).Reverse());
        var running = new Dictionary<Task, int>();
        var startedAt = services.Time.GetTimestamp();
        var exhausted = false;
        var timedOut = false;
        try
        {
            while (true)
            {
                while (!exhausted && !timedOut && free.Count > 0 && SearchExecutor.Counted(study.Trials) + running.Count < search.Trials)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (search.Timeout is { } timeout && services.Time.GetElapsedTime(startedAt) >= timeout)
                    {
                        timedOut = true;
                        log.Line($"timeout of {timeout} reached: no new trial starts");
                        break;
                    }
                    if (study.Ask(storage is ISharedStudyStorage ? search.Trials : int.MaxValue) is not { } trial)
                    {
                        exhausted = true;
                        log.Line("the sampler has no point left");
                        break;
                    }
                    var worker = free.Pop();
                    if (workers[worker] is null)
                    {
                        if (options.WorkspaceCopies)
                        {
                            var dir = Path.Combine(studyDir, $"worker-{worker}");
                            TrialWorkspace.Create(project, dir);
                            workers[worker] = dir;
                        }
                        else
                            workers[worker] = project;
                    }
                    log.Quiet($"#{trial.Number}: starting on worker {worker} with {Describe(trial.Params)}, seed {trial.Seed}");
                    running[RunTrialAsync(workers[worker]!, threads, trial, cancellationToken)] = worker;
                    log.Line(SearchLog.Progress(study, search, running.Count));
                }
                if (running.Count == 0)
                    break;
                var done = await Task.WhenAny(running.Keys);
                free.Push(running[done]);
                running.Remove(done);
                await done;
                log.Line(SearchLog.Progress(study, search, running.Count));
            }
        }
        finally
        {
            // Running trials end with the search (cancelled with it) before their workspaces go.
            try
            {
                await Task.WhenAll(running.Keys);
            }
            catch (OperationCanceledException) { }
            if (options.WorkspaceCopies)
                TrialWorkspace.Delete(studyDir);
        }
    }

    private async Task RunTrialAsync(string workDirPath, int threads, Trial trial, CancellationToken cancellationToken)
    {
        // Off the scheduling loop at once: loading the pipeline and hashing deps must not hold up the next trial.
        await Task.Yield();
        var number = trial.Number;
        var label = $"#{number}";
        using var trialCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pruned = false;
        var observer = new TrialObserver(
            log,
            label,
            search.Target,
            _ =>
            {
                // A pruned target stopped early: the stages after it (an evaluate) are not worth running.
                if (Volatile.Read(ref pruned) && search.ObjectiveStage != search.Target)
                    trialCancellation.Cancel();
            }
        );
        var trialServices = new RunnerServices
        {
            Hasher = options.WorkspaceCopies ? SearchExecutor.WorkerHasher(services.Time) : services.Hasher,
            Objects = services.Objects,
            Cache = new StageCache(services.Store!, services.Objects),
            Recorder = services.Recorder,
            Executor = options.TrialExecutor?.Invoke(threads) ?? services.Executor,
            Observer = observer,
            Steps = services.Steps,
            Time = services.Time,
            Store = services.Store,
        };
        IReadOnlyList<KeyValuePair<string, JsonNode?>> overrides =
        [
            .. invocation.Pipeline.Overrides,
            .. trial.Params.Select(SearchExecutor.Override),
        ];
        var runOptions = new RunOptions
        {
            Name = StudyFiles.RunName(study.Name, number),
            Kind = "trial",
            CommandLine = $"search {study.Name}: trial {number} of {search.Target}",
            SeedOverrides = new Dictionary<string, long>(StringComparer.Ordinal) { [search.Target] = trial.Seed },
            ControlAwait =
                search.Pruner is NopPruner
                    ? new Dictionary<string, TimeSpan>()
                    : new Dictionary<string, TimeSpan>(StringComparer.Ordinal) { [search.Target] = options.VerdictWait },
        };
        var run = Runner.RunWithOverridesAsync(
            workDirPath,
            search.ObjectiveStage,
            overrides,
            null,
            trialServices,
            runOptions,
            trialCancellation.Token
        );

        MetricsStreamTail? tail = null;
        long pruneRequestedAt = 0;
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(options.PollInterval, services.Time, CancellationToken.None));
            if (tail is null && observer.Run is { } active)
                tail = new MetricsStreamTail(Path.Combine(active.RunDirPath, StageInvocation.FileNameOf(search.Target) + ".metrics.jsonl"));
            if (tail is null)
                continue;
            // After a prune the values still count (the epochs the trial really ran) but judge nothing.
            var (judgedUpTo, prunedAt) = Report(number, tail, judge: !pruned);
            var control = Path.Combine(observer.Run!.RunDirPath, StageInvocation.FileNameOf(search.Target) + ".control");
            if (prunedAt is { } step)
            {
                Volatile.Write(ref pruned, true);
                pruneRequestedAt = services.Time.GetTimestamp();
                await ControlMessage.WriteAsync(control, ControlMessage.Prune, CancellationToken.None);
                log.Line($"{label}: pruned at step {step}");
            }
            else if (judgedUpTo is { } last && !pruned)
                await ControlMessage.WriteAsync(control, ControlMessage.Continue(last), CancellationToken.None);
            if (
                pruned
                && !trialCancellation.IsCancellationRequested
                && services.Time.GetElapsedTime(pruneRequestedAt) > search.PruneGrace
                && !run.IsCompleted
            )
            {
                log.Line($"{label}: did not stop within {search.PruneGrace.TotalSeconds:0.#} s of being pruned: killed");
                await trialCancellation.CancelAsync();
            }
        }

        RunResult? result = null;
        string? failure = null;
        try
        {
            result = await run;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && pruned)
        {
            // Killed after the grace period, or stopped before the stages after a pruned target: pruned either way.
        }
        catch (ReproException ex)
        {
            // The trial's params made the pipeline invalid (a value of the wrong kind): this point fails, the study goes on.
            failure = ex.Message;
        }
        catch (IOException ex)
        {
            failure = ex.Message;
        }

        if (tail is null && observer.Run is { } ran)
            tail = new MetricsStreamTail(Path.Combine(ran.RunDirPath, StageInvocation.FileNameOf(search.Target) + ".metrics.jsonl"));
        if (tail is not null)
            Report(number, tail, judge: false);
        var runId = observer.Run?.RunId;
        if (runId is not null)
            storage.SetTrialRun(study.Name, number, runId);

        Trial finished;
        if (pruned)
            finished = study.Prune(number);
        else if (failure is not null)
            finished = study.Fail(number, failure);
        else if (!result!.Succeeded)
        {
            var bad = result.Stages.First(s => !s.Succeeded);
            finished = study.Fail(number, $"stage '{bad.Name}' {bad.Status.ToString().ToLowerInvariant()}: {bad.Reason}");
        }
        else if (!result.Metrics.TryGetValue(search.Metric, out var value))
            finished = study.Fail(
                number,
                $"no metric '{search.Metric}' after stage '{search.ObjectiveStage}'; metrics: {string.Join(", ", result.Metrics.Keys.Order(StringComparer.Ordinal))}"
            );
        else
            finished = study.Tell(number, value);

        if (runId is not null && services.Store is { } store)
        {
            // The run record says what the study says: a pruned trial is not a success, a NaN objective is a failure.
            var status = finished.State switch
            {
                TrialState.Complete => RunStatus.Succeeded,
                TrialState.Pruned => RunStatus.Pruned,
                _ => RunStatus.Failed,
            };
            store.FinishRun(runId, status, services.Time.GetUtcNow());
        }
        log.TrialPoint(finished, study.BestTrial);
        log.Line(
            $"{label}: {finished.State.ToString().ToLowerInvariant()}"
                + (finished.Value is { } v ? string.Create(CultureInfo.InvariantCulture, $", {search.Metric} {v:G6}") : "")
                + (finished.Message is { } m ? $" ({m})" : "")
                + $", {Describe(finished.Params)}"
        );
    }

    /// <summary>
    /// Reports the new intermediate values. Returns the last step read (null when nothing new came) and, with
    /// <paramref name="judge"/>, the step at which the pruner said stop.
    /// </summary>
    private (long? LastStep, long? PrunedAt) Report(int number, MetricsStreamTail tail, bool judge)
    {
        long? last = null;
        long? prunedAt = null;
        foreach (var (step, values) in tail.ReadNew())
        {
            last = step;
            if (!values.TryGetValue(search.Metric, out var value) || step is < 0 or > int.MaxValue)
                continue;
            study.Report(number, (int)step, value);
            // Steps past the verdict (a trainer that did not wait) still count as epochs run, but judge nothing.
            if (judge && prunedAt is null && study.ShouldPrune(number))
                prunedAt = step;
        }
        return (last, prunedAt);
    }

    private static string Describe(IReadOnlyDictionary<string, object> parameters) =>
        string.Join(", ", parameters.Select(p => $"{p.Key}={StudyFiles.Scalar(p.Value)}"));
}
