using Repro.Core.Execution;

namespace Repro.Tool.Rendering;

/// <summary>The words a run's outcome is told in, shared by the plain and the live console views.</summary>
public static class RunSummary
{
    /// <summary>The contract word for a status (<c>executed</c>, <c>cached</c>, <c>failed</c>, <c>skipped</c>, <c>would-run</c>).</summary>
    public static string Word(StageStatus status) =>
        status switch
        {
            StageStatus.Executed => "executed",
            StageStatus.Cached => "cached",
            StageStatus.Failed => "failed",
            StageStatus.Skipped => "skipped",
            _ => "would run",
        };

    /// <summary>One line for a finished stage: <c>train: executed in 1.2s</c>, <c>train: failed (exit code 1)</c>.</summary>
    public static string Line(StageOutcome outcome) =>
        outcome.Status switch
        {
            StageStatus.Executed => $"{outcome.Name}: executed in {Sizes.Duration(outcome.Duration)}",
            _ => $"{outcome.Name}: {Word(outcome.Status)} ({outcome.Reason})",
        };

    /// <summary>The closing line: counts per status and the run's name and id.</summary>
    public static string Totals(RunResult result, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(result);
        var counts = result.Stages.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Word(g.Key)}");
        var what = string.Join(", ", counts);
        return dryRun ? $"dry run: {what}; nothing was changed" : $"run {result.RunName} ({result.RunId[..12]}): {what}";
    }
}
