namespace Repro.Tool.Reports;

/// <summary>One trial of a study: its point, its state and values.</summary>
/// <param name="Number">The trial number, from 0.</param>
/// <param name="State">Complete, pruned, failed or running.</param>
/// <param name="Params">Parameter name to value (double, long, string or bool); inactive conditional parameters are absent.</param>
/// <param name="Value">The objective value of a complete trial.</param>
/// <param name="Intermediate">Intermediate objective values by step (what a pruner saw).</param>
public sealed record ReportTrial(
    int Number,
    ReportTrialState State,
    IReadOnlyDictionary<string, object> Params,
    double? Value,
    IReadOnlyDictionary<int, double> Intermediate
)
{
    /// <summary>The value to plot: the final value, or for a pruned trial its last intermediate value.</summary>
    public double? PlottedValue =>
        Value ?? (State == ReportTrialState.Pruned && Intermediate.Count > 0 ? Intermediate[Intermediate.Keys.Max()] : null);
}
