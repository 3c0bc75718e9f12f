using System.Text.Json.Nodes;
using Repro.Core.Diff;
using Repro.Core.Experiments;
using Repro.Tool.Rendering;

namespace Repro.Tool.Tests.Rendering;

public class DiffRenderingTests
{
    private static ExperimentDiff SampleDiff()
    {
        ExperimentSnapshot Snapshot(string id, string name, double lr, double score, string fingerprint) =>
            new()
            {
                Id = id,
                Name = name,
                Params = new Dictionary<string, JsonNode?> { ["train.lr"] = lr, ["train.optimizer"] = "sgd" },
                Metrics = new Dictionary<string, double> { ["score"] = score, ["loss"] = 0.25 },
                StageFingerprints = new Dictionary<string, string> { ["train"] = fingerprint },
                StageSeeds = new Dictionary<string, long> { ["train"] = 11 },
                Environment = new Dictionary<string, string> { ["os"] = "linux" },
            };
        return ExperimentDiff.Compare(
            Snapshot("0123456789abcdef", "baseline", 0.1, 2, "aaaaaaaaaaaaaaaa"),
            Snapshot("fedcba9876543210", "lower-lr", 0.01, 4, "bbbbbbbbbbbbbbbb")
        );
    }

    [Fact]
    public void The_json_follows_the_contract_of_the_issue()
    {
        var json = DiffRendering.ToJson(SampleDiff());

        json["a"]!["name"]!.GetValue<string>().Should().Be("baseline");
        var param = json["params"]!.AsArray().Should().ContainSingle().Subject!;
        param["path"]!.GetValue<string>().Should().Be("train.lr");
        param["a"]!.GetValue<double>().Should().Be(0.1);
        param["b"]!.GetValue<double>().Should().Be(0.01);
        var metric = json["metrics"]!.AsArray().Should().ContainSingle().Subject!;
        metric["path"]!.GetValue<string>().Should().Be("score");
        metric["a"]!.GetValue<double>().Should().Be(2);
        metric["b"]!.GetValue<double>().Should().Be(4);
        metric["delta"]!.GetValue<double>().Should().Be(2);
    }

    [Fact]
    public void The_markdown_matches_the_golden_file()
    {
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Rendering", "Expected", "diff.md"));

        DiffRendering.ToMarkdown(SampleDiff()).Should().Be(expected.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_text_lists_changed_params_and_metrics_with_their_change()
    {
        var text = DiffRendering.ToText(SampleDiff());

        text.Should().Contain("A: baseline (0123456789)   B: lower-lr (fedcba9876)");
        text.Should().MatchRegex(@"train\.lr\s+0\.1\s+0\.01");
        text.Should().MatchRegex(@"score\s+2\s+4\s+\+2 \(\+100%\)");
        text.Should().NotContain("loss", "unchanged metrics are left out by default");
    }
}
