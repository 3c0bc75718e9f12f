using System.Globalization;
using System.Text.RegularExpressions;
using Repro.Core.Experiments;
using Repro.Core.Lock;
using Repro.Core.Store;

namespace Repro.Tool.Reports;

/// <summary>
/// Loads report experiments from the run store and repro.lock by reference (a name, an id prefix, <c>last</c> or
/// <c>lock</c>), through the same <see cref="ExperimentResolver"/> as <c>exp show</c> and <c>diff</c>, and adds what
/// only the report draws: per-epoch curves and confusion matrices.
/// </summary>
public sealed partial class StoreReportSource(RunStore store, string projectDirPath)
{
    private readonly ExperimentResolver resolver = new(store, projectDirPath);

    /// <summary>The references <c>repro plots</c> draws when none is given: the last run, and repro.lock when there is one.</summary>
    public IReadOnlyList<string> DefaultReferences()
    {
        var references = new List<string>();
        if (store.ListRuns(1).Count > 0)
            references.Add("last");
        if (File.Exists(Path.Combine(projectDirPath, LockFile.FileName)))
            references.Add("lock");
        return references;
    }

    /// <summary>The experiment <paramref name="reference"/> names, with its curves and confusion matrices.</summary>
    public ReportExperiment Load(string reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        if (reference == "lock")
            return new ReportExperiment(WithoutConfusion(resolver.Resolve("lock")), [], []);
        var run = resolver.ResolveRun(reference);
        var snapshot = WithoutConfusion(RunSnapshot.From(store, run));
        var series = MetricSeries.Group(store.GetMetricSeries(run.Id).Select(p => (p.Stage, p.Step, p.Name, p.Value)));
        return new ReportExperiment(snapshot, series, ConfusionMatrices(store.GetMetrics(run.Id)));
    }

    // The matrix is drawn as a heatmap; its cells as rows of the metrics table would only bury the real metrics.
    private static ExperimentSnapshot WithoutConfusion(ExperimentSnapshot snapshot) =>
        snapshot with
        {
            Metrics = snapshot
                .Metrics.Where(m => !ConfusionKey().IsMatch(m.Key))
                .ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
        };

    // evaluate's confusion matrix reaches the store flattened like any nested metric: confusion_matrix.<actual>.<predicted>.
    private static List<ConfusionMatrix> ConfusionMatrices(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> metricsByStage)
    {
        var matrices = new List<ConfusionMatrix>();
        foreach (var (stage, metrics) in metricsByStage)
        {
            var cells = metrics
                .Select(m => (Match: ConfusionKey().Match(m.Key), m.Value))
                .Where(c => c.Match.Success)
                .Select(c =>
                    (
                        Row: int.Parse(c.Match.Groups[1].Value, CultureInfo.InvariantCulture),
                        Column: int.Parse(c.Match.Groups[2].Value, CultureInfo.InvariantCulture),
                        c.Value
                    )
                )
                .ToList();
            if (cells.Count == 0)
                continue;
            var size = Math.Max(cells.Max(c => c.Row), cells.Max(c => c.Column)) + 1;
            var counts = new double[size][];
            for (var i = 0; i < size; i++)
                counts[i] = new double[size];
            foreach (var (row, column, value) in cells)
                counts[row][column] = value;
            var labels = Enumerable.Range(0, size).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
            matrices.Add(new ConfusionMatrix(stage, labels, [.. counts.Select(r => (IReadOnlyList<double>)r)]));
        }
        return matrices;
    }

    [GeneratedRegex(@"(?:^|\.|:)confusion_matrix\.(\d+)\.(\d+)$")]
    private static partial Regex ConfusionKey();
}
