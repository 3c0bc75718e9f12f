using Repro.Core.Experiments;

namespace Repro.Tool.Reports;

/// <summary>One experiment of the report: what <c>repro diff</c> compares, plus its per-epoch curves and confusion matrices.</summary>
/// <param name="Snapshot">Params, final metrics, seeds, git commit and environment.</param>
/// <param name="Series">Per-step metric series (empty for repro.lock, which keeps final values only).</param>
/// <param name="ConfusionMatrices">Confusion matrices written by <c>evaluate</c> stages.</param>
public sealed record ReportExperiment(
    ExperimentSnapshot Snapshot,
    IReadOnlyList<MetricSeries> Series,
    IReadOnlyList<ConfusionMatrix> ConfusionMatrices
);
