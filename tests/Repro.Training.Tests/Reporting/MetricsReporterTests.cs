using System.Text.Json;
using Repro.Tests.Shared;
using Repro.Training.Reporting;

namespace Repro.Training.Tests.Reporting;

public class MetricsReporterTests
{
    [Fact]
    public void Each_report_is_one_json_line_appended_to_the_stream()
    {
        using var dir = TempDir.Create();
        var path = dir.Resolve("run/metrics.jsonl");

        using (var reporter = new MetricsReporter(path))
        {
            reporter.Report(1, [new("train_loss", 0.5), new("val_acc", 0.75)]);
            reporter.Report(2, [new("train_loss", double.NaN)]);
        }

        var lines = File.ReadAllLines(path);
        lines.Should().Equal("""{"step": 1, "train_loss": 0.5, "val_acc": 0.75}""", """{"step": 2, "train_loss": null}""");
        lines.Should().AllSatisfy(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt64().Should().BePositive());
    }

    [Fact]
    public void Without_a_stream_reports_go_nowhere()
    {
        using var reporter = new MetricsReporter(null);

        reporter.Report(1, [new("loss", 1)]);

        reporter.Enabled.Should().BeFalse();
    }
}
