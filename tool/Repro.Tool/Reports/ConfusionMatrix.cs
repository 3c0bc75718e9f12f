namespace Repro.Tool.Reports;

/// <summary>A confusion matrix from an <c>evaluate</c> stage: <c>Counts[actual][predicted]</c>.</summary>
public sealed record ConfusionMatrix(string Stage, IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<double>> Counts);
