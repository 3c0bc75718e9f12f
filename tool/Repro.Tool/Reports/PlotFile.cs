namespace Repro.Tool.Reports;

/// <summary>A <c>plots:</c> entry of pipeline.yaml, read: an x column and one or more y columns (as DVC plots draws them).</summary>
/// <param name="Path">The file, relative to the project.</param>
/// <param name="X">The x field's name (the row index, <c>step</c>, when the file has no such field).</param>
/// <param name="XValues">The x values, one per row.</param>
/// <param name="Y">Each y field's name and values (NaN where a row lacks it).</param>
public sealed record PlotFile(
    string Path,
    string X,
    IReadOnlyList<double> XValues,
    IReadOnlyList<(string Name, IReadOnlyList<double> Values)> Y
);
