using System.Text.Json;
using Repro.Core.Search;
using Repro.Tests.Shared;
using Repro.Tool.Reports;
using Xunit.Abstractions;

namespace Repro.Tool.Tests.Reports;

public sealed class HtmlReportBrowserTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void The_report_of_a_run_and_a_search_opens_in_a_browser_with_every_chart_drawn_and_no_error()
    {
        // Arrange
        var browser = HeadlessChromium.Find(out var reason);
        if (browser is null)
            output.WriteLine($"skipped: {reason}");
        Skip.If(browser is null, reason);
        using var dir = TempDir.Create();
        var run = ReportFixtures.Run("baseline", 0.05);
        var other = ReportFixtures.Run("faster", 0.1);
        var study = ReportFixtures.Study(trials: 24);
        var model = new ReportModel("Repro report", [run, other, ReportFixtures.Lock()], [StudyReport.From(study, "val_acc")], [], []);
        var htmlPath = dir.Write("report.html", HtmlReport.Render(model));

        // Act
        using var probe = HeadlessChromium.Probe(browser!, htmlPath, dir);
        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "plots", "report.png");
        HeadlessChromium.Screenshot(browser!, htmlPath, screenshot, dir);
        output.WriteLine($"screenshot: {screenshot}");

        // Assert
        var root = probe.RootElement;
        root.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).Should().BeEmpty();
        var charts = root.GetProperty("charts").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        charts
            .Keys.Should()
            .BeEquivalentTo(
                "curves-loss",
                "curves-accuracy",
                "curves-lr",
                "confusion-0",
                "confusion-1",
                "tune-history",
                "tune-parallel",
                "tune-importance"
            );
        charts.Values.Should().OnlyContain(c => c.GetProperty("rendered").GetBoolean());
        // Charts far below the first screen are drawn only when scrolled to (or by reproDrawAll), so a big study opens fast.
        charts["tune-importance"].GetProperty("drawnAtLoad").GetBoolean().Should().BeFalse();
        root.GetProperty("pendingAtLoad").GetInt32().Should().BePositive();

        // Two runs overlaid, train and val curves each, one point per epoch, drawn as SVG markers.
        var loss = charts["curves-loss"];
        Traces(loss).Should().HaveCount(4).And.OnlyContain(t => t.Points == ReportFixtures.Epochs);
        loss.GetProperty("svgPoints").GetInt32().Should().Be(4 * ReportFixtures.Epochs);
        AxisTitles(loss).Should().Equal("epoch", "loss");
        AxisTitles(charts["curves-accuracy"]).Should().Equal("epoch", "accuracy");
        Traces(charts["curves-lr"]).Should().HaveCount(2).And.OnlyContain(t => t.Points == ReportFixtures.Epochs);

        // History: one point per complete trial, one per pruned trial, and the best-so-far line over the complete ones.
        var complete = study.Trials.Count(t => t.State == TrialState.Complete);
        var pruned = study.Trials.Count(t => t.State == TrialState.Pruned);
        pruned.Should().BePositive("the median pruner stops the worst trials of this study");
        var history = charts["tune-history"];
        Traces(history).Should().Equal(("complete", complete), ("pruned (last reported value)", pruned), ("best so far", complete));
        AxisTitles(history).Should().Equal("trial", "val_acc");
        history.GetProperty("svgPoints").GetInt32().Should().BeGreaterThanOrEqualTo(complete + pruned);

        var parallel = charts["tune-parallel"];
        parallel
            .GetProperty("traces")[0]
            .GetProperty("dimensions")
            .EnumerateArray()
            .Select(d => d.GetString())
            .Should()
            .Equal("train.dropout", "train.lr", "train.optimizer", "val_acc");
        Traces(parallel).Single().Points.Should().Be(complete);
        parallel.GetProperty("parcoordsAxes").GetInt32().Should().Be(4);

        Traces(charts["tune-importance"]).Single().Points.Should().Be(3);
        charts["tune-importance"].GetProperty("svgBars").GetInt32().Should().Be(3);
        AxisTitles(charts["confusion-0"]).Should().Equal("predicted", "actual");
        charts["confusion-0"].GetProperty("heatmaps").GetInt32().Should().BePositive("the partial plotly.js bundle draws heatmaps");
        File.Exists(screenshot).Should().BeTrue();
        new FileInfo(screenshot).Length.Should().BeGreaterThan(10_000);
    }

    private static List<(string Name, int Points)> Traces(JsonElement chart) =>
        [
            .. chart
                .GetProperty("traces")
                .EnumerateArray()
                .Select(t => (t.GetProperty("name").GetString()!, t.GetProperty("points").GetInt32())),
        ];

    private static List<string> AxisTitles(JsonElement chart) =>
        [.. chart.GetProperty("svgAxisTitles").EnumerateArray().Select(t => t.GetString()!)];
}
