using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Plotly.NET;
using Repro.Core.Diff;
using Repro.Core.Search;
using Repro.Tool.Rendering;

namespace Repro.Tool.Reports;

/// <summary>
/// Writes a <see cref="ReportModel"/> as one self-contained HTML page: plotly.js inlined once in the head, every chart a
/// <c>figure</c> with a stable id (<c>chart-…</c>), tables as plain HTML. Nothing is fetched when the page is viewed.
/// </summary>
public static partial class HtmlReport
{
    /// <summary>The page.</summary>
    public static string Render(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var html = new StringBuilder(4 * 1024 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"generator\" content=\"repro ").Append(Encode(ToolVersion.Current)).Append("\">\n");
        html.Append("<title>").Append(Encode(model.Title)).Append("</title>\n<style>").Append(Style).Append("</style>\n");
        html.Append("<script>").Append(PlotlyScript.Text).Append("</script>\n");
        html.Append("<script>").Append(LazyDrawing).Append("</script>\n</head>\n<body>\n");
        html.Append("<h1>").Append(Encode(model.Title)).Append("</h1>\n");
        foreach (var note in model.Notes)
            html.Append("<p class=\"note\">").Append(Encode(note)).Append("</p>\n");
        Experiments(html, model.Experiments);
        Metrics(html, model.Experiments);
        Curves(html, model.Experiments);
        Confusions(html, model.Experiments);
        foreach (var study in model.Studies)
            Study(html, study);
        PlotFiles(html, model.PlotFiles);
        Environment(html, model.Experiments);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Experiments(StringBuilder html, IReadOnlyList<ReportExperiment> experiments)
    {
        if (experiments.Count == 0)
            return;
        html.Append("<section id=\"experiments\">\n<h2>Experiments</h2>\n");
        Table(
            html,
            "experiments-table",
            ["experiment", "id", "created", "git commit", "seed"],
            experiments.Select(e =>
                new[]
                {
                    e.Snapshot.Name,
                    e.Snapshot.Id,
                    e.Snapshot.CreatedAt?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "—",
                    e.Snapshot.GitCommit is { } commit ? commit + (e.Snapshot.GitDirty == true ? " (dirty)" : "") : "—",
                    e.Snapshot.PipelineSeed?.ToString(CultureInfo.InvariantCulture) ?? "—",
                }
            )
        );
        html.Append("</section>\n");
    }

    private static void Metrics(StringBuilder html, IReadOnlyList<ReportExperiment> experiments)
    {
        if (experiments.Count == 0 || experiments.All(e => e.Snapshot.Metrics.Count == 0))
            return;
        // The same comparison as 'repro diff', so the deltas here equal what the terminal prints.
        var first = experiments[0].Snapshot;
        var diffs = experiments.Skip(1).Select(e => ExperimentDiff.Compare(first, e.Snapshot, includeUnchanged: true)).ToList();
        var paths = experiments.SelectMany(e => e.Snapshot.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var header = new List<string> { "metric", first.Name };
        foreach (var diff in diffs)
            header.AddRange([diff.B.Name, $"Δ vs {first.Name}"]);
        var rows = paths.Select(path =>
        {
            var row = new List<string> { path, DiffRendering.Show(first.Metrics.TryGetValue(path, out var a) ? a : null) };
            foreach (var diff in diffs)
            {
                var delta = diff.Metrics.FirstOrDefault(m => m.Path == path) ?? new MetricDelta(path, null, null);
                row.AddRange([DiffRendering.Show(delta.B), DiffRendering.ShowChange(delta)]);
            }
            return row.ToArray();
        });
        html.Append("<section id=\"metrics\">\n<h2>Metrics</h2>\n");
        Table(html, "metrics-table", [.. header], rows);
        html.Append("</section>\n");
    }

    private static void Curves(StringBuilder html, IReadOnlyList<ReportExperiment> experiments)
    {
        var charts = ReportCharts.Curves(experiments).ToList();
        if (charts.Count == 0)
            return;
        html.Append("<section id=\"curves\">\n<h2>Training curves</h2>\n");
        var without = experiments.Where(e => e.Series.Count == 0).Select(e => e.Snapshot.Name).ToList();
        if (without.Count > 0)
            html.Append("<p class=\"note\">No per-epoch values for ")
                .Append(Encode(string.Join(", ", without)))
                .Append(" (repro.lock keeps final metrics only).</p>\n");
        foreach (var (id, title, chart) in charts)
            Figure(html, id, title, chart);
        html.Append("</section>\n");
    }

    private static void Confusions(StringBuilder html, IReadOnlyList<ReportExperiment> experiments)
    {
        var matrices = experiments.SelectMany(e => e.ConfusionMatrices.Select(m => (e.Snapshot.Name, Matrix: m))).ToList();
        if (matrices.Count == 0)
            return;
        html.Append("<section id=\"confusion\">\n<h2>Confusion matrices</h2>\n");
        for (var i = 0; i < matrices.Count; i++)
            Figure(html, $"confusion-{i}", $"{matrices[i].Name} · {matrices[i].Matrix.Stage}", ReportCharts.Confusion(matrices[i].Matrix));
        html.Append("</section>\n");
    }

    private static void Study(StringBuilder html, ReportStudy study)
    {
        var id = Slug(study.Name);
        html.Append("<section class=\"study\" id=\"study-")
            .Append(id)
            .Append("\">\n<h2>Search: ")
            .Append(Encode(study.Name))
            .Append("</h2>\n");
        var counts = study
            .Summary.Counts.Where(c => c.Value > 0)
            .OrderBy(c => c.Key)
            .Select(c => $"{c.Value} {c.Key.ToString().ToLowerInvariant()}");
        html.Append("<p>").Append(study.Trials.Count).Append(" trials: ").Append(Encode(string.Join(", ", counts)));
        html.Append(". Objective: ")
            .Append(Encode(study.Objective))
            .Append(study.Maximize ? " (maximize)" : " (minimize)")
            .Append(".</p>\n");
        if (study.Summary.Best is { } best)
        {
            html.Append("<p class=\"best\">Best: trial ").Append(best.Number).Append(", ").Append(Encode(study.Objective)).Append(" = ");
            html.Append(Encode(DiffRendering.Show(best.Value))).Append(" with ");
            html.Append(Encode(string.Join(", ", best.Params.Select(p => $"{p.Key} = {StudyText.Show(p.Value)}")))).Append(".</p>\n");
        }
        Figure(html, $"{id}-history", "Optimisation history", ReportCharts.History(study));
        if (study.Trials.Any(t => t.State == TrialState.Complete) && study.Trials.Any(t => t.Params.Count > 0))
            Figure(html, $"{id}-parallel", "Parameters → objective (complete trials)", ReportCharts.ParallelCoordinates(study));
        if (study.Summary.Importances.Count > 0)
            Figure(html, $"{id}-importance", "Parameter importance", ReportCharts.Importance(study));
        html.Append("<p class=\"note\">Importance: ").Append(Encode(StudyText.ImportanceMethod)).Append("</p>\n");
        Table(html, $"{id}-top", ["rank", .. StudyText.TopHeader(study)], StudyText.TopRows(study));
        html.Append("</section>\n");
    }

    private static void PlotFiles(StringBuilder html, IReadOnlyList<PlotFile> files)
    {
        if (files.Count == 0)
            return;
        html.Append("<section id=\"plots\">\n<h2>Pipeline plots</h2>\n");
        for (var i = 0; i < files.Count; i++)
            Figure(html, $"plot-{i}", files[i].Path, ReportCharts.PlotFile(files[i]));
        html.Append("</section>\n");
    }

    private static void Environment(StringBuilder html, IReadOnlyList<ReportExperiment> experiments)
    {
        var keys = experiments
            .SelectMany(e => e.Snapshot.Environment.Keys)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (keys.Count == 0)
            return;
        html.Append("<section id=\"environment\">\n<h2>Environment</h2>\n");
        Table(
            html,
            "environment-table",
            ["", .. experiments.Select(e => e.Snapshot.Name)],
            keys.Select(k => (string[])[k, .. experiments.Select(e => e.Snapshot.Environment.GetValueOrDefault(k) ?? "—")])
        );
        html.Append("</section>\n");
    }

    private static void Figure(StringBuilder html, string id, string title, GenericChart chart)
    {
        var chartHtml = GenericChart.toChartHTML(chart);
        // Plotly.NET names the div with a new GUID each time; a stable id keeps reports of the same data identical.
        var generated = DivId().Match(chartHtml);
        if (generated.Success)
            chartHtml = chartHtml.Replace(generated.Groups[1].Value, $"plot-{id}", StringComparison.Ordinal);
        // Plotly.NET draws each chart as its script runs; hand the drawing to the page's lazy drawer instead.
        chartHtml = ImmediateDraw().Replace(chartHtml, m => $"reproDefer('plot-{id}', {m.Groups[1].Value});");
        html.Append("<figure class=\"chart\" id=\"chart-").Append(id).Append("\" data-chart=\"").Append(id).Append("\">\n");
        html.Append("<figcaption>").Append(Encode(title)).Append("</figcaption>\n").Append(chartHtml).Append("\n</figure>\n");
    }

    private static void Table(StringBuilder html, string id, string[] header, IEnumerable<string[]> rows)
    {
        html.Append("<table id=\"").Append(id).Append("\">\n<thead><tr>");
        foreach (var cell in header)
            html.Append("<th>").Append(Encode(cell)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
                html.Append("<td>").Append(Encode(cell)).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Slug(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);

    [GeneratedRegex("<div id=\"([^\"]+)\"")]
    private static partial Regex DivId();

    [GeneratedRegex(@"^(renderPlotly_[0-9A-Za-z_]+)\(\);\s*$", RegexOptions.Multiline)]
    private static partial Regex ImmediateDraw();

    // Charts draw when they come near the viewport (and the rest one by one when the browser is idle), so a report of a
    // 1000-trial study opens as fast as one of 10: the load event waits only for the charts on the first screen.
    // window.reproDrawAll() draws everything at once (printing, tests); reproCharts counts drawn and pending charts.
    private const string LazyDrawing = """
        (function () {
          var items = [], observer = null;
          window.reproCharts = { drawn: 0, pending: 0 };
          function draw(item) {
            if (item.done) return;
            item.done = true;
            if (observer) observer.unobserve(item.element);
            window.reproCharts.pending--;
            item.render();
            window.reproCharts.drawn++;
          }
          function drawIdle() {
            var next = items.filter(function (i) { return !i.done; })[0];
            if (!next) return;
            draw(next);
            (window.requestIdleCallback || setTimeout)(drawIdle);
          }
          if ('IntersectionObserver' in window)
            observer = new IntersectionObserver(function (entries) {
              entries.forEach(function (e) { if (e.isIntersecting) draw(e.target.reproItem); });
            }, { rootMargin: '400px 0px' });
          window.reproDefer = function (id, render) {
            var item = { element: document.getElementById(id), render: render, done: false };
            item.element.reproItem = item;
            items.push(item);
            window.reproCharts.pending++;
            // A chart on the first screen draws now, so the load event means "what you see is drawn".
            if (!observer || item.element.getBoundingClientRect().top < window.innerHeight + 400) draw(item);
            else observer.observe(item.element);
          };
          window.reproDrawAll = function () { items.forEach(draw); };
          window.addEventListener('load', function () { (window.requestIdleCallback || setTimeout)(drawIdle); });
        })();
        """;

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1200px;color:#222;padding:0 1rem}
        h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:1px solid #ddd;padding-bottom:.25rem;margin-top:2rem}
        table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.25rem .6rem;text-align:left}
        th{background:#f4f4f4}td{font-variant-numeric:tabular-nums}figure.chart{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.25rem}
        .note{color:#666;font-size:.9rem}.best{font-weight:600}
        """;
}
