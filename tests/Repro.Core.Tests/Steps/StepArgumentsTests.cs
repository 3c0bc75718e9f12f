using System.Text.Json.Nodes;
using Repro.Core.Steps;

namespace Repro.Core.Tests.Steps;

public class StepArgumentsTests
{
    // Positions as the engine records them for this pipeline.yaml fragment:
    //  7 |     with:
    //  8 |       epoch: 3
    //  9 |       batch_size: -4
    // 10 |       model: { type: cnnn, channels: [32, x] }
    private static readonly Dictionary<string, SourceLocation> Locations = new()
    {
        ["with"] = new("pipeline.yaml", 7, 5),
        ["with.epoch"] = new("pipeline.yaml", 8, 7),
        ["with.batch_size"] = new("pipeline.yaml", 9, 7),
        ["with.model"] = new("pipeline.yaml", 10, 7),
        ["with.model.type"] = new("pipeline.yaml", 10, 16),
        ["with.model.channels"] = new("pipeline.yaml", 10, 32),
    };

    private static StepArguments Parse(string json) => new(JsonNode.Parse(json)!.AsObject(), Locations);

    [Fact]
    public void Every_problem_is_reported_at_once_in_file_order_with_positions_and_hints()
    {
        // Arrange
        var args = Parse("""{"epoch": 3, "batch_size": -4, "model": {"type": "cnnn", "channels": [32, "x"]}}""");

        // Act
        args.GetInt("epochs", 10, min: 1);
        args.GetInt("batch_size", 64, min: 1);
        var model = args.GetSection("model", shorthandKey: "type");
        model.GetEnum("type", ["cnn", "lstm", "mlp"], what: "model");
        model.GetIntList("channels", [32, 64], min: 1);
        var act = args.ThrowIfInvalid;

        // Assert
        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Be(
                """
                pipeline.yaml:8:7: error: unknown key 'with.epoch'
                  hint: did you mean 'epochs'?
                pipeline.yaml:9:7: error: 'with.batch_size': expected a positive integer, got -4
                pipeline.yaml:10:16: error: unknown model 'cnnn'; expected one of cnn, lstm, mlp
                  hint: did you mean 'cnn'?
                pipeline.yaml:10:32: error: 'with.model.channels': expected a list of positive integers, got [32,"x"]
                """.ReplaceLineEndings()
            );
    }

    [Fact]
    public void A_missing_required_key_is_reported_at_its_section()
    {
        var args = Parse("""{"model": {}}""");

        args.GetString("data");
        args.GetSection("model").GetEnum("type", ["cnn"], what: "model");

        args.Problems.Select(p => p.ToString())
            .Should()
            .Equal(
                "pipeline.yaml:7:5: error: missing required key 'with.data'",
                "pipeline.yaml:10:7: error: missing required key 'with.model.type'"
            );
    }

    [Fact]
    public void Defaults_the_user_did_not_write_are_recorded_with_the_values_read()
    {
        var args = Parse("""{"epochs": 3, "model": "cnn", "lr": "0.05"}""");

        var epochs = args.GetInt("epochs", 10, min: 1);
        var model = args.GetSection("model", shorthandKey: "type");
        model.GetEnum("type", ["cnn", "mlp"], what: "model");
        model.GetIntList("channels", [32, 64]);
        args.GetDouble("lr", 0.1, NumberRange.Positive);
        args.GetBool("shuffle", true);
        args.GetOptionalString("resume");
        args.ThrowIfInvalid();

        epochs.Should().Be(3);
        args.Resolved.Should()
            .BeEquivalentTo(
                new Dictionary<string, object?>
                {
                    ["epochs"] = 3,
                    ["model.type"] = "cnn",
                    ["model.channels"] = new[] { 32, 64 },
                    ["lr"] = 0.05,
                    ["shuffle"] = true,
                    ["resume"] = null,
                }
            );
    }

    [Fact]
    public void Number_bounds_are_described_in_the_message()
    {
        var args = Parse("""{"val_fraction": 1, "lr": 0, "momentum": "fast", "flag": 3}""");

        args.GetDouble("val_fraction", 0.1, NumberRange.FractionBelowOne);
        args.GetDouble("lr", 0.1, NumberRange.Positive);
        args.GetDouble("momentum", 0.9, NumberRange.UnitInterval);
        args.GetBool("flag", false);

        args.Problems.Select(p => p.Message)
            .Should()
            .Equal(
                "'with.val_fraction': expected a number in [0, 1), got 1",
                "'with.lr': expected a positive number, got 0",
                "'with.momentum': expected a number in [0, 1], got \"fast\"",
                "'with.flag': expected true or false, got 3"
            );
    }

    [Fact]
    public void An_unknown_key_far_from_any_known_key_lists_the_known_keys()
    {
        var args = new StepArguments(JsonNode.Parse("""{"zzz": 1}""")!.AsObject());

        args.GetInt("epochs", 1);
        args.GetInt("batch_size", 1);

        args.Invoking(a => a.ThrowIfInvalid())
            .Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Be("error: unknown key 'with.zzz'" + Environment.NewLine + "  hint: expected one of batch_size, epochs");
    }

    [Fact]
    public void A_section_that_is_not_a_mapping_is_reported()
    {
        var args = Parse("""{"model": [1]}""");

        var model = args.GetSection("model", shorthandKey: "type");
        model.GetString("type", "mlp");

        args.Problems.Single()
            .ToString()
            .Should()
            .Be("pipeline.yaml:10:7: error: 'with.model': expected a mapping or a type name, got [1]");
    }

    [Fact]
    public void A_single_value_is_read_as_a_list_of_one()
    {
        var args = Parse("""{"features": "x", "milestones": 5}""");

        args.GetStringList("features", []).Should().Equal("x");
        args.GetIntList("milestones").Should().Equal(5);
        args.ThrowIfInvalid();
    }

    [Theory]
    [InlineData("epoch", "epochs")]
    [InlineData("cnnn", "cnn")]
    [InlineData("lsmt", "lstm")]
    [InlineData("adam", null)]
    public void The_closest_name_is_a_plausible_typo_or_nothing(string input, string? expected) =>
        ClosestName.Find(input, ["epochs", "cnn", "lstm", "sgd"]).Should().Be(expected);
}
