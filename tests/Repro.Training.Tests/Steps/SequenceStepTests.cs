using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Tests.Shared;
using Repro.Training.Data;
using Repro.Training.Steps;

namespace Repro.Training.Tests.Steps;

[Collection("Torch")]
public class SequenceStepTests
{
    // A series 0, 1, 2, ...: the naive forecast (last value) is off by exactly the horizon step.
    private static string Ramp(int rows) => "t,value\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i},{i}\n"));

    [Fact]
    public async Task A_series_becomes_windows_split_in_time_with_its_naive_baselines()
    {
        using var project = TempDir.Create();
        project.Write("s.csv", Ramp(20));
        var request = StepRequests.For(
            "data/sequence",
            project.Path,
            """{"source": "s.csv", "column": "value", "window": 3, "horizon": 2, "val_fraction": 0.25, "normalize": false}""",
            metrics: ["metrics/baseline.json"]
        );

        await new SequenceStep().RunAsync(request, default);
        using var dataset = PreparedDataset.Load(project.Resolve("data/prepared"));

        dataset.Info.Kind.Should().Be(DatasetKinds.Forecasting);
        dataset.Info.InputShape.Should().Equal(3, 1);
        dataset.Info.TargetShape.Should().Equal(2);
        // Rows 0-14 hold train targets, 15-19 val targets; a window belongs where all its targets are.
        // Train windows start at 0..10 (targets up to row 14), val windows at 12..15 (targets 15..19).
        dataset.Info.Splits.Should().Equal(new Dictionary<string, long> { ["train"] = 11, ["val"] = 4 });
        dataset.Val!.X.select(2, 0).data<float>().ToArray().Should().Equal(12, 13, 14, 13, 14, 15, 14, 15, 16, 15, 16, 17);
        dataset.Val.Y.data<float>().ToArray().Should().Equal(15, 16, 16, 17, 17, 18, 18, 19);
        // Naive: errors 1 and 2 per window. Mean of the training rows 0..14 is 7: errors 8..12.
        dataset.Info.Baselines["naive_val_mse"].Should().Be(2.5);
        dataset.Info.Baselines["naive_val_mae"].Should().Be(1.5);
        dataset.Info.Baselines["mean_val_mae"].Should().Be(10);
        var metrics = JsonNode.Parse(project.Read("metrics/baseline.json"))!;
        metrics["naive_val_mse"]!.GetValue<double>().Should().Be(2.5);
        metrics["val_windows"]!.GetValue<int>().Should().Be(4);
    }

    [Fact]
    public async Task Inputs_are_normalized_with_training_rows_only_and_targets_keep_their_units()
    {
        using var project = TempDir.Create();
        project.Write("s.csv", Ramp(20));

        await new SequenceStep().RunAsync(
            StepRequests.For("data/sequence", project.Path, """{"source": "s.csv", "column": "value", "window": 4, "val_fraction": 0.5}"""),
            default
        );

        var info = PreparedDataset.ReadInfo(project.Resolve("data/prepared"));
        info.Normalization.Axis.Should().Be(1);
        info.Normalization.Mean.Should().Equal(4.5);
        using var dataset = PreparedDataset.Load(project.Resolve("data/prepared"));
        dataset.Train.Y.data<float>().ToArray().Should().Equal(4, 5, 6, 7, 8, 9);
    }

    [Fact]
    public async Task Sequences_of_different_lengths_are_padded_with_their_lengths_and_labels()
    {
        using var project = TempDir.Create();
        project.Write(
            "seq.csv",
            """
            id,step,a,b,label
            s1,0,1,10,up
            s1,1,2,20,up
            s2,0,3,30,down
            s1,2,3,30,up
            s3,0,5,50,down
            s3,1,6,60,down
            """
        );

        await new SequenceStep().RunAsync(
            StepRequests.For(
                "data/sequence",
                project.Path,
                """{"source": "seq.csv", "task": "classification", "id": "id", "label": "label", "ignore": ["step"], "val_fraction": 0, "normalize": false}"""
            ),
            default
        );
        using var dataset = PreparedDataset.Load(project.Resolve("data/prepared"));

        dataset.Info.Kind.Should().Be(DatasetKinds.SequenceClassification);
        dataset.Info.VariableLength.Should().BeTrue();
        dataset.Info.ClassNames.Should().Equal("down", "up");
        dataset.Info.FeatureNames.Should().Equal("a", "b");
        dataset.Info.InputShape.Should().Equal(3, 2);
        dataset.Train.Lengths!.data<long>().ToArray().Should().Equal(3, 1, 2);
        dataset.Train.Y.data<long>().ToArray().Should().Equal(1, 0, 0);
        dataset.Train.X.select(2, 1).data<float>().ToArray().Should().Equal(10, 20, 30, 30, 0, 0, 50, 60, 0);
    }

    [Fact]
    public async Task An_lstm_trained_on_variable_length_sequences_learns_their_direction()
    {
        // 80 sequences of 2 to 9 steps, rising or falling from a start that says nothing about the direction.
        using var project = TempDir.Create();
        var rows = new System.Text.StringBuilder("id,x,label\n");
        for (var s = 0; s < 80; s++)
        {
            var length = 2 + (s * 5 % 8);
            var up = s % 2 == 0;
            for (var t = 0; t < length; t++)
                rows.Append(FormattableString.Invariant($"q{s},{(s * 7 % 11) - 5 + ((up ? 1 : -1) * t * 0.5)},{(up ? "up" : "down")}\n"));
        }
        project.Write("seq.csv", rows.ToString());
        await new SequenceStep().RunAsync(
            StepRequests.For(
                "data/sequence",
                project.Path,
                """{"source": "seq.csv", "task": "classification", "id": "id", "label": "label", "val_fraction": 0.25}""",
                outs: ["data/seq"]
            ),
            default
        );
        var train = StepRequests.For(
            "train",
            project.Path,
            """
            {"data": "data/seq", "epochs": 12, "batch_size": 8, "model": {"type": "lstm", "hidden_size": 16},
             "optimizer": {"type": "adam", "lr": 0.03}}
            """,
            outs: ["model.pt"],
            metrics: ["train.json"]
        ) with
        {
            Stage = "train",
        };

        await new TrainStep(TextWriter.Null).RunAsync(train, default);

        var metrics = JsonNode.Parse(project.Read("train.json"))!;
        metrics["val_acc"]!.GetValue<double>().Should().BeGreaterThan(0.9);
    }

    [Fact]
    public async Task Normalization_of_padded_sequences_ignores_the_padding()
    {
        using var project = TempDir.Create();
        project.Write("seq.csv", "id,x,label\na,2,0\na,4,0\nb,6,1\n");

        await new SequenceStep().RunAsync(
            StepRequests.For(
                "data/sequence",
                project.Path,
                """{"source": "seq.csv", "task": "classification", "id": "id", "label": "label", "val_fraction": 0}"""
            ),
            default
        );

        var normalization = PreparedDataset.ReadInfo(project.Resolve("data/prepared")).Normalization;
        normalization.Mean.Should().Equal(4);
        normalization.Std[0].Should().BeApproximately(Math.Sqrt(8.0 / 3), 1e-6);
    }

    [Fact]
    public async Task A_sequence_whose_label_changes_is_reported_at_the_row()
    {
        using var project = TempDir.Create();
        project.Write("seq.csv", "id,x,label\na,1,0\na,2,1\nb,3,1\n");

        var act = () =>
            new SequenceStep().RunAsync(
                StepRequests.For(
                    "data/sequence",
                    project.Path,
                    """{"source": "seq.csv", "task": "classification", "id": "id", "label": "label"}"""
                ),
                default
            );

        (await act.Should().ThrowAsync<ReproException>())
            .Which.Diagnostics[0]
            .ToString()
            .Should()
            .StartWith("seq.csv:3:5: error: sequence 'a' changes label from '0' (line 2) to '1'");
    }

    [Fact]
    public async Task An_unknown_column_and_a_window_longer_than_the_series_are_clear_errors()
    {
        using var project = TempDir.Create();
        project.Write("s.csv", Ramp(10));
        var locations = new Dictionary<string, SourceLocation>
        {
            ["with.column"] = new("pipeline.yaml", 6, 11),
            ["with.window"] = new("pipeline.yaml", 6, 30),
        };

        var unknown = () =>
            new SequenceStep().RunAsync(
                StepRequests.For(
                    "data/sequence",
                    project.Path,
                    """{"source": "s.csv", "column": "valeu", "window": 3}""",
                    locations: locations
                ),
                default
            );
        var tooLong = () =>
            new SequenceStep().RunAsync(
                StepRequests.For(
                    "data/sequence",
                    project.Path,
                    """{"source": "s.csv", "column": "value", "window": 9}""",
                    locations: locations
                ),
                default
            );

        (await unknown.Should().ThrowAsync<ReproException>())
            .Which.Message.Should()
            .Be("pipeline.yaml:6:11: error: s.csv has no column 'valeu'" + Environment.NewLine + "  hint: did you mean 'value'?");
        (await tooLong.Should().ThrowAsync<ReproException>())
            .Which.Message.Should()
            .StartWith("pipeline.yaml:6:30: error: s.csv: 10 rows give too few windows of 9 + 1 steps for the train split");
    }
}
