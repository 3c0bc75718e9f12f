using Repro.Core.Execution;
using Repro.Core.Fingerprint;

namespace Repro.Core.Search.Execution;

/// <summary>
/// Hears one trial's run: its output goes to the search log (prefixed with the trial), and the run's id and folder, and
/// when the target stage starts and ends, are kept for the trial's monitor.
/// </summary>
internal sealed class TrialObserver(SearchLog log, string label, string? target, Action<StageOutcome>? targetFinished) : IRunObserver
{
    private readonly TaskCompletionSource<ActiveRun> run = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The trial's run, once recorded.</summary>
    public ActiveRun? Run => run.Task.IsCompletedSuccessfully ? run.Task.Result : null;

    /// <summary>True once the target stage started executing (not restored from the cache).</summary>
    public bool TargetStarted { get; private set; }

    public void RunStarted(ActiveRun run) => this.run.TrySetResult(run);

    public void StageStarted(string stage, string reason)
    {
        if (stage == target)
            TargetStarted = true;
        log.Quiet($"[{label}] {stage}: running ({reason})");
    }

    public void StageOutput(string stage, string line, bool isError) => log.Quiet($"[{label} {stage}] {line}");

    public void StageFinished(StageOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        log.Quiet($"[{label}] {outcome.Name}: {outcome.Status.ToString().ToLowerInvariant()} ({outcome.Reason})");
        if (outcome.Name == target)
            targetFinished?.Invoke(outcome);
    }

    public void Hashing(string path, HashProgress progress) { }
}
