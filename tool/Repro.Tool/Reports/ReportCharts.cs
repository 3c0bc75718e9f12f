using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.TraceObjects;
using Repro.Core.Search;
using CSharpChart = Plotly.NET.CSharp.Chart;
using CSharpExtensions = Plotly.NET.CSharp.GenericChartExtensions;

namespace Repro.Tool.Reports;

/// <summary>Builds the report's Plotly.NET charts from the <see cref="ReportModel"/> parts.</summary>
public static class ReportCharts
{
    /// <summary>One chart per group of curves (loss, accuracy, learning rate, each other metric), every experiment overlaid.</summary>
    public static IEnumerable<(string Id, string Title, GenericChart Chart)> Curves(IReadOnlyList<ReportExperiment> experiments)
    {
        ArgumentNullException.ThrowIfNull(experiments);
        var groups = experiments
            .SelectMany(e => e.Series.Select(s => (Experiment: e, Series: s)))
            .GroupBy(x => CurveGroup(x.Series.Name))
            .OrderBy(g => g.Key.Order)
            .ThenBy(g => g.Key.Id, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var traces = group.Select(x =>
                CSharpChart.Line<long, double, string>(
                    x: x.Series.Steps,
                    y: x.Series.Values,
                    ShowMarkers: true,
                    Name: experiments.Count > 1 ? $"{x.Experiment.Snapshot.Name} · {x.Series.Name}" : x.Series.Name
                )
            );
            var chart = Axes(CSharpChart.Combine(traces), "epoch", group.Key.YTitle);
            yield return ($"curves-{group.Key.Id}", group.Key.Title, chart);
        }
    }

    /// <summary>Objective value per trial (complete and pruned apart) and the best value so far.</summary>
    public static GenericChart History(ReportStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var complete = study.Trials.Where(t => t.State == TrialState.Complete && t.Value is not null).ToList();
        var pruned = study.Trials.Where(t => t.State == TrialState.Pruned && ReportStudy.PlottedValue(t) is not null).ToList();
        var bestSteps = new List<int>();
        var bestValues = new List<double>();
        double? best = null;
        foreach (var trial in complete)
        {
            if (best is null || study.Direction.IsBetter(trial.Value!.Value, best.Value))
                best = trial.Value;
            bestSteps.Add(trial.Number);
            bestValues.Add(best!.Value);
        }
        var traces = new List<GenericChart>
        {
            CSharpChart.Point<int, double, string>(
                x: complete.Select(t => t.Number),
                y: complete.Select(t => t.Value!.Value),
                Name: "complete"
            ),
        };
        if (pruned.Count > 0)
            traces.Add(
                CSharpChart.Point<int, double, string>(
                    x: pruned.Select(t => t.Number),
                    y: pruned.Select(t => ReportStudy.PlottedValue(t)!.Value),
                    Name: "pruned (last reported value)",
                    MarkerSymbol: StyleParam.MarkerSymbol.X,
                    MarkerColor: Color.fromString("#999999")
                )
            );
        traces.Add(CSharpChart.Line<int, double, string>(x: bestSteps, y: bestValues, Name: "best so far"));
        return Axes(CSharpChart.Combine(traces), "trial", study.Objective);
    }

    /// <summary>Parallel coordinates of the complete trials: one axis per parameter, then the objective, coloured by it.</summary>
    public static GenericChart ParallelCoordinates(ReportStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var complete = study.Trials.Where(t => t.State == TrialState.Complete && t.Value is not null).ToList();
        var names = study.Trials.SelectMany(t => t.Params.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var dimensions = new List<Dimension>();
        foreach (var name in names)
        {
            var values = complete.Select(t => t.Params.GetValueOrDefault(name)).ToList();
            if (values.All(v => v is null or double or float or long or int))
            {
                // An inactive conditional parameter has no value: NaN leaves the line off that axis.
                dimensions.Add(
                    Dimension(
                        name,
                        values.Select(v => v is null ? double.NaN : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)),
                        null
                    )
                );
            }
            else
            {
                var categories = values.Select(Text).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                dimensions.Add(Dimension(name, values.Select(v => (double)categories.IndexOf(Text(v))), categories));
            }
        }
        dimensions.Add(Dimension(study.Objective, complete.Select(t => t.Value!.Value), null));
        var objective = complete.Select(t => t.Value!.Value).ToArray();
        return CSharpChart.ParallelCoord(
            dimensions: dimensions,
            LineColor: Color.fromColorScaleValues(objective),
            LineColorScale: StyleParam.Colorscale.Viridis,
            ShowLineColorScale: true
        );
    }

    /// <summary>Parameter importances as horizontal bars, the most important on top.</summary>
    public static GenericChart Importance(ReportStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var ordered = study.Summary.Importances.OrderBy(i => i.Value).ToList();
        var chart = CSharpChart.Bar<double, string, string>(
            values: ordered.Select(i => i.Value),
            Keys: ordered.Select(i => i.Key).ToArray(),
            Name: "importance"
        );
        return Axes(chart, "importance", "parameter");
    }

    /// <summary>A confusion matrix as a heatmap (actual on y, predicted on x).</summary>
    public static GenericChart Confusion(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var chart = CSharpChart.Heatmap<double, string, string, string>(
            zData: matrix.Counts,
            X: matrix.Labels.ToArray(),
            Y: matrix.Labels.ToArray(),
            Name: matrix.Stage,
            ReverseYAxis: true
        );
        return Axes(chart, "predicted", "actual");
    }

    /// <summary>A <c>plots:</c> file: one line per y field.</summary>
    public static GenericChart PlotFile(PlotFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var traces = file.Y.Select(y =>
            CSharpChart.Line<double, double, string>(x: file.XValues, y: y.Values, ShowMarkers: true, Name: y.Name)
        );
        return Axes(CSharpChart.Combine(traces), file.X, file.Y.Count == 1 ? file.Y[0].Name : "value");
    }

    private static GenericChart Axes(GenericChart chart, string x, string y) =>
        CSharpExtensions.WithYAxisStyle<double, double, string>(
            CSharpExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: x),
            TitleText: y
        );

    private static Dimension Dimension(string label, IEnumerable<double> values, IReadOnlyList<string>? categories) =>
        // Positional: the F# optional parameters are not optional from C#. Order: constraint range, label, multi-select,
        // name, range, template item name, tick format, tick text, tick values, values, encoded values, visible.
        Plotly.NET.TraceObjects.Dimension.initParallel<string, string, double, double>(
            null,
            FSharpOption<string>.Some(label),
            null,
            null,
            null,
            null,
            null,
            categories is null ? null : FSharpOption<IEnumerable<string>>.Some(categories),
            categories is null
                ? null
                : FSharpOption<IEnumerable<double>>.Some(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray()),
            FSharpOption<IEnumerable<double>>.Some(values.ToArray()),
            null,
            null
        );

    private static string Text(object? value) =>
        value switch
        {
            null => "—",
            double d => d.ToString("G6", System.Globalization.CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

    private static (int Order, string Id, string Title, string YTitle) CurveGroup(string metric)
    {
        var name = metric.ToLowerInvariant();
        if (name.EndsWith("loss", StringComparison.Ordinal))
            return (0, "loss", "Loss per epoch", "loss");
        if (name.EndsWith("acc", StringComparison.Ordinal) || name.EndsWith("accuracy", StringComparison.Ordinal))
            return (1, "accuracy", "Accuracy per epoch", "accuracy");
        if (name is "lr" or "learning_rate" || name.EndsWith(".lr", StringComparison.Ordinal))
            return (2, "lr", "Learning rate per epoch", "learning rate");
        var id = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        return (3, id, $"{metric} per epoch", metric);
    }
}
