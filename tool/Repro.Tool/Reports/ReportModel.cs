namespace Repro.Tool.Reports;

/// <summary>
/// Everything <c>repro plots</c> draws, independent of where it came from (the run store, repro.lock, a study,
/// the pipeline's <c>plots:</c> files), so the HTML writer is tested on data built by hand or by the real stores.
/// </summary>
/// <param name="Title">The page title.</param>
/// <param name="Experiments">The experiments compared; the first is the baseline of the metric deltas.</param>
/// <param name="Studies">Search stages to draw (history, parallel coordinates, importance).</param>
/// <param name="PlotFiles">The pipeline's <c>plots:</c> entries, read.</param>
/// <param name="Notes">Sentences the reader should know (what could not be drawn and why).</param>
public sealed record ReportModel(
    string Title,
    IReadOnlyList<ReportExperiment> Experiments,
    IReadOnlyList<ReportStudy> Studies,
    IReadOnlyList<PlotFile> PlotFiles,
    IReadOnlyList<string> Notes
);
