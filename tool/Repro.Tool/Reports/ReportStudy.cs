using Repro.Core.Search;

namespace Repro.Tool.Reports;

/// <summary>A search stage's study as the report and <c>repro search show</c> present it: the engine's trials and summary.</summary>
/// <param name="Name">The study (the search stage's name).</param>
/// <param name="Objective">The objective metric's name (the y axis).</param>
/// <param name="Direction">Whether larger or smaller values are better.</param>
/// <param name="Trials">Every trial, by number.</param>
/// <param name="Summary">Counts, best and top trials, history and parameter importances, as the engine computes them.</param>
public sealed record ReportStudy(string Name, string Objective, StudyDirection Direction, IReadOnlyList<Trial> Trials, StudySummary Summary)
{
    public bool Maximize => Direction == StudyDirection.Maximize;

    /// <summary>The value to plot for a trial: the final value, or for a pruned trial its last intermediate value.</summary>
    public static double? PlottedValue(Trial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return trial.Value ?? (trial.State == TrialState.Pruned && trial.LastStep is { } step ? trial.IntermediateValues[step] : null);
    }
}
