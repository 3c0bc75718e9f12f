using System.Text.Json.Nodes;
using Repro.Core.Diff;
using Repro.Core.Experiments;

namespace Repro.Core.Tests.Diff;

public class ExperimentDiffTests
{
    private static ExperimentSnapshot Snapshot(string id, double lr, double acc, string fingerprint = "f1") =>
        new()
        {
            Id = id,
            Name = id,
            Params = new Dictionary<string, JsonNode?> { ["train.lr"] = lr, ["train.epochs"] = 3 },
            Metrics = new Dictionary<string, double> { ["val_acc"] = acc, ["val_loss"] = 0.5 },
            StageFingerprints = new Dictionary<string, string> { ["train"] = fingerprint, ["prepare"] = "p" },
            StageSeeds = new Dictionary<string, long> { ["train"] = 7, ["prepare"] = 8 },
            Environment = new Dictionary<string, string> { ["os"] = "debian", ["threads"] = "2" },
        };

    [Fact]
    public void Only_changed_params_and_metrics_are_listed_by_default()
    {
        var diff = ExperimentDiff.Compare(Snapshot("a", 0.1, 0.80), Snapshot("b", 0.01, 0.85, "f2"));

        diff.Params.Should().ContainSingle().Which.Path.Should().Be("train.lr");
        diff.Metrics.Should().ContainSingle().Which.Path.Should().Be("val_acc");
        diff.Stages.Should().ContainSingle().Which.Stage.Should().Be("train");
        diff.Environment.Should().BeEmpty();
    }

    [Fact]
    public void A_metric_delta_is_b_minus_a_with_its_relative_change()
    {
        var diff = ExperimentDiff.Compare(Snapshot("a", 0.1, 2), Snapshot("b", 0.1, 4));

        var metric = diff.Metrics.Should().ContainSingle().Subject;
        metric.A.Should().Be(2);
        metric.B.Should().Be(4);
        metric.Delta.Should().Be(2);
        metric.Relative.Should().Be(1.0);
    }

    [Fact]
    public void All_lists_unchanged_entries_too()
    {
        var diff = ExperimentDiff.Compare(Snapshot("a", 0.1, 0.8), Snapshot("b", 0.1, 0.8), includeUnchanged: true);

        diff.Params.Select(p => p.Path).Should().Equal("train.epochs", "train.lr");
        diff.Metrics.Select(m => m.Path).Should().Equal("val_acc", "val_loss");
        diff.Environment.Select(e => e.Path).Should().Equal("os", "threads");
        diff.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void A_value_present_on_one_side_only_shows_null_on_the_other()
    {
        var b = Snapshot("b", 0.1, 0.8) with
        {
            Metrics = new Dictionary<string, double>
            {
                ["val_acc"] = 0.8,
                ["val_loss"] = 0.5,
                ["f1_macro"] = 0.7,
            },
        };

        var diff = ExperimentDiff.Compare(Snapshot("a", 0.1, 0.8), b);

        var metric = diff.Metrics.Should().ContainSingle().Subject;
        metric.Path.Should().Be("f1_macro");
        metric.A.Should().BeNull();
        metric.Delta.Should().BeNull();
    }

    [Fact]
    public void Nested_metrics_of_several_files_keep_a_key_alone_unless_two_files_share_it()
    {
        var flat = MetricPaths.Flatten(
            new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["metrics/train.json"] = new Dictionary<string, double> { ["val_acc"] = 0.9, ["loss"] = 0.3 },
                ["metrics/eval.json"] = new Dictionary<string, double> { ["per_class.0.f1"] = 0.8, ["loss"] = 0.4 },
            }
        );

        flat.Keys.Should().BeEquivalentTo("val_acc", "per_class.0.f1", "metrics/train.json:loss", "metrics/eval.json:loss");
    }
}
