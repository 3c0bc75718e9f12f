using System.Text.RegularExpressions;
using Repro.Tool.Reports;

namespace Repro.Tool.Tests.Reports;

public sealed partial class PlotlyScriptTests
{
    [Fact]
    public void Every_chart_of_a_full_report_is_of_a_trace_type_the_inlined_bundle_draws()
    {
        // Arrange
        var model = new ReportModel(
            "Repro report",
            [ReportFixtures.Run("baseline", 0.05), ReportFixtures.Run("faster", 0.1), ReportFixtures.Lock()],
            [StudyReport.From(ReportFixtures.Study(trials: 24), "val_acc")],
            [],
            []
        );
        // Act
        var html = HtmlReport.Render(model);
        // Assert: Plotly.NET writes each figure's traces as "var data = [...]", each with its "type"; one the bundle lacks
        // would draw nothing. (The layout's template names every trace type plotly.js knows: it styles, it draws nothing.)
        var used = FigureData()
            .Matches(html)
            .SelectMany(data => TraceType().Matches(data.Groups[1].Value))
            .Select(m => m.Groups[1].Value)
            .ToHashSet();
        used.Should().Contain(["scatter", "bar", "heatmap", "parcoords"], "the fixture draws every kind of chart the report has");
        used.Should().BeSubsetOf(PlotlyScript.Traces);
    }

    [Fact]
    public void The_inlined_plotly_js_is_the_version_Plotly_NET_writes_its_figures_for()
    {
        // Arrange
        var resources = typeof(Plotly.NET.GenericChart).Assembly.GetManifestResourceNames();
        // Act
        var embedded = resources.Select(r => PlotlyNetScript().Match(r)).Single(m => m.Success).Groups[1].Value;
        // Assert
        PlotlyScript.Version.Should().Be(embedded, "Reports/PlotlyBundle/README.md says how to rebuild the bundle for a new version");
        PlotlyScript.Text.Should().StartWith($"/*! plotly.js {PlotlyScript.Version} (scatter, bar, heatmap, parcoords)");
        PlotlyScript.Text.Length.Should().BeLessThan(1_500_000, "the full 3.6 MB bundle is what made reports slow to open");
    }

    [GeneratedRegex(@"var data = (\[.*?\]);\s*var layout", RegexOptions.Singleline)]
    private static partial Regex FigureData();

    [GeneratedRegex("\"type\":\"([a-z0-9]+)\"")]
    private static partial Regex TraceType();

    [GeneratedRegex(@"^Plotly\.NET\.plotly-(\d+\.\d+\.\d+)\.min\.js$")]
    private static partial Regex PlotlyNetScript();
}
