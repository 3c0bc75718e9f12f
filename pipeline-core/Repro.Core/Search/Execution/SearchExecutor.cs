using System.Globalization;
using System.Text.Json.Nodes;
using Repro.Core.Execution;
using Repro.Core.Experiments;
using Repro.Core.Fingerprint;
using Repro.Core.Graph;
using Repro.Core.Store;

namespace Repro.Core.Search.Execution;

/// <summary>
/// Runs a <c>uses: search</c> stage (DESIGN.md §7): reads its options, opens its study (the stage's study with the same
/// definition, <see cref="StageStudies"/>) in an <see cref="IStudyStorage"/>, runs the target's upstream stages once, then runs trials (each a run record named
/// <c>study#n</c>, with the trial's params as overrides and its seed on the target stage) until the study has
/// <c>trials</c> finished trials, the sampler has no point left or the time is up. Trials report intermediate values through
/// the target's metrics stream and are pruned through its control file. Finally it writes <c>best.yaml</c>,
/// <c>trials.csv</c> and <c>trials.json</c>.
/// </summary>
/// <remarks>
/// Every finished trial is in the storage as soon as it finishes, so a killed search loses only its running trials (recorded
/// as failed "interrupted" on the next start) and a re-run continues the study: trials already finished are reused, not run
/// again. With <c>parallel: N</c>, N workers each own a copy of the project and a thread budget of cores/N.
/// </remarks>
public sealed class SearchExecutor(RunnerServices services, SearchExecutorOptions? options = null) : IStageExecutor
{
    /// <summary>The message of a trial that was running when its search was killed.</summary>
    public const string InterruptedMessage = "interrupted";

    private readonly SearchExecutorOptions options = options ?? new SearchExecutorOptions();

    public bool ChangesWorkspace => true;

    public async Task<StageExecution> ExecuteAsync(StageInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        await using var log = new SearchLog(invocation);
        SearchStageOptions search;
        StudyChoice choice;
        Study study;
        try
        {
            search = SearchStageOptions.Read(invocation.Pipeline, invocation.Stage, invocation.Seed);
            var storage = options.Storage ?? services.Store ?? throw new InvalidOperationException("the search needs a study storage");
            choice = StageStudies.Choose(storage, search.StudyName, search.Definition);
            study = Study.CreateOrLoad(storage, choice.Study, search.Space, search.Sampler, search.Pruner);
        }
        catch (ReproException ex)
        {
            log.Error(ex.Message);
            return new StageExecution(ExitCodes.InvalidInput, ex.Message);
        }
        if (SearchLog.StudyChosen(choice) is { } chosen)
            log.Line(chosen);
        // This process stalled or lost the database while a trial ran, and another worker failed it: say why its result goes.
        study.ResultDiscarded += (stored, result) => log.Line(SearchLog.Discarded(stored, result, search.Metric));
        // On a shared storage other processes own running trials: their heartbeats say when one is dead, not this start.
        var orphans = options.FailOrphanedTrials && options.Storage is not ISharedStudyStorage ? study.FailInterruptedTrials() : 0;
        var before = Counted(study.Trials);
        log.Line(
            FormattableString.Invariant($"study '{study.Name}': {before} of {search.Trials} trials finished before")
                + (orphans > 0 ? FormattableString.Invariant($", {orphans} interrupted trial(s) marked failed") : "")
                + FormattableString.Invariant($"; seed {search.Seed}")
        );

        var upstream = await RunUpstreamAsync(invocation, search, log, cancellationToken);
        if (upstream is not null)
            return new StageExecution(ExitCodes.Failure, upstream);

        var runner = new TrialRunner(services, options, invocation, search, study, log);
        await runner.RunAllAsync(cancellationToken);

        var trials = study.Trials;
        await StudyFiles.WriteAsync(
            Path.Combine(invocation.Pipeline.ProjectDirPath, search.OutDirPath),
            study.Name,
            search.Metric,
            study.Direction,
            trials,
            cancellationToken
        );
        var best = StudyFiles.Best(trials, study.Direction);
        log.Line(SearchLog.Progress(study, search, 0, final: true));
        if (best is null)
        {
            var message = $"no trial of study '{study.Name}' completed";
            var lastFailure = trials.LastOrDefault(t => t.State == TrialState.Failed)?.Message;
            return new StageExecution(ExitCodes.Failure, lastFailure is null ? message : $"{message}; the last failure: {lastFailure}");
        }
        return new StageExecution(0);
    }

    /// <summary>Trials that count towards <c>trials</c>: finished, except those a kill interrupted (they are run again).</summary>
    internal static int Counted(IEnumerable<Trial> trials) =>
        trials.Count(t => t.IsFinished && !(t.State == TrialState.Failed && t.Message == InterruptedMessage));

    /// <summary>Runs the stages the target needs once, in the project, so trials (and workspace copies) find their outs.</summary>
    private async Task<string?> RunUpstreamAsync(
        StageInvocation invocation,
        SearchStageOptions search,
        SearchLog log,
        CancellationToken cancellationToken
    )
    {
        var pipeline = invocation.Pipeline;
        var graph = new StageGraph(pipeline);
        var needed = graph.Closure([search.Target]).Where(s => s.Name != search.Target && !s.IsSearch).Select(s => s.Name).ToList();
        if (needed.Count == 0)
            return null;
        var upstreamServices = new RunnerServices
        {
            Hasher = services.Hasher,
            Objects = services.Objects,
            Cache = new StageCache(Store(), services.Objects),
            Recorder = services.Recorder,
            Executor = options.TrialExecutor?.Invoke(0) ?? services.Executor,
            Observer = new TrialObserver(log, "upstream", null, null),
            Steps = services.Steps,
            Time = services.Time,
            Store = services.Store,
        };
        var result = await new Runner(pipeline, upstreamServices).RunAsync(
            new RunOptions
            {
                Targets = needed,
                Name = $"{search.StudyName}#upstream",
                Kind = SearchRuns.UpstreamKind,
                CommandLine = $"search {search.StudyName}: upstream of {search.Target}",
            },
            cancellationToken
        );
        foreach (var stage in result.Stages)
            log.Line($"upstream {stage.Name}: {stage.Status.ToString().ToLowerInvariant()} ({stage.Reason})");
        return result.Succeeded
            ? null
            : $"upstream stage '{result.Stages.First(s => !s.Succeeded).Name}' of '{search.Target}' did not succeed: {result.Stages.First(s => !s.Succeeded).Reason}";
    }

    private RunStore Store() => services.Store ?? throw new InvalidOperationException("the search needs the run store");

    /// <summary>A trial param as the JSON value that overrides the param file.</summary>
    internal static KeyValuePair<string, JsonNode?> Override(KeyValuePair<string, object> param) =>
        new(param.Key, StudyFiles.Value(param.Value));

    /// <summary>The fingerprint hasher for a worker copy: its own in-memory stat cache, never saved.</summary>
    internal static ContentHasher WorkerHasher(TimeProvider time) => new(new StatCache(time));
}
