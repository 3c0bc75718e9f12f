namespace Repro.Tool.Reports;

/// <summary>A search stage's study as the report draws it.</summary>
/// <param name="Name">The study (usually the search stage's name).</param>
/// <param name="Objective">The objective metric's name (the y axis).</param>
/// <param name="Maximize">True when larger values are better.</param>
/// <param name="Trials">Every trial, by number.</param>
/// <param name="Importances">Parameter importances (sum 1), most important first; empty when they could not be computed.</param>
/// <param name="ImportanceMethod">How the importances were computed, shown under the chart.</param>
public sealed record ReportStudy(
    string Name,
    string Objective,
    bool Maximize,
    IReadOnlyList<ReportTrial> Trials,
    IReadOnlyList<ParamImportance> Importances,
    string ImportanceMethod
)
{
    /// <summary>The complete trial with the best value (the earliest among equals), or null.</summary>
    public ReportTrial? Best =>
        Trials
            .Where(t => t.State == ReportTrialState.Complete && t.Value is not null)
            .Aggregate((ReportTrial?)null, (best, t) => best is null || IsBetter(t.Value!.Value, best.Value!.Value) ? t : best);

    /// <summary>Whether <paramref name="a"/> is strictly better than <paramref name="b"/> in this study's direction.</summary>
    public bool IsBetter(double a, double b) => Maximize ? a > b : a < b;
}
