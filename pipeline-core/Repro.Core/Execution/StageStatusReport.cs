namespace Repro.Core.Execution;

/// <summary>One stage in <c>repro status</c>: its state and exactly what changed.</summary>
public sealed record StageStatusReport(string Name, StageState State, IReadOnlyList<string> Changes, string Reason)
{
    /// <summary>The report for a dry-run outcome (see <see cref="Runner"/> with a <see cref="DryRunExecutor"/>).</summary>
    public static StageStatusReport From(StageOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var reason = outcome.Reason ?? "";
        if (outcome.Status == StageStatus.Cached)
        {
            if (reason == "up to date")
                return new(outcome.Name, StageState.UpToDate, [], reason);
            var changes = outcome.Changes.Where(c => c != "never run").ToList();
            if (changes.Count == 0)
                changes.Add("outs changed or missing");
            return new(outcome.Name, StageState.Cached, changes, reason);
        }
        if (outcome.Changes is ["never run"])
            return new(outcome.Name, StageState.NeverRun, [], reason);
        return new(outcome.Name, StageState.Changed, outcome.Changes.Count > 0 ? outcome.Changes : [reason], reason);
    }
}
