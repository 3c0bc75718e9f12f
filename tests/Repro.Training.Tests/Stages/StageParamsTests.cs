using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Training.Stages;

namespace Repro.Training.Tests.Stages;

public class StageParamsTests
{
    private static StageParams Sample() =>
        new(
            JsonNode
                .Parse("""{"train": {"lr": 0.05, "epochs": 3, "optimizer": "sgd", "bidirectional": true, "channels": [16, 32]}}""")!
                .AsObject(),
            "params.json"
        );

    private sealed record TrainSection(double Lr, int Epochs, string Optimizer, bool Bidirectional, int[] Channels);

    [Fact]
    public void Values_are_read_by_dotted_name_with_their_type()
    {
        var parameters = Sample();

        parameters.Get<double>("train.lr").Should().Be(0.05);
        parameters.Get<int>("train.epochs").Should().Be(3);
        parameters.Get<string>("train.optimizer").Should().Be("sgd");
        parameters.Get<bool>("train.bidirectional").Should().BeTrue();
        parameters.Get<int[]>("train.channels").Should().Equal(16, 32);
        parameters.Get("train.batch_size", 64).Should().Be(64);
        parameters.Has("train.lr").Should().BeTrue();
    }

    [Fact]
    public void A_section_reads_as_a_record_with_snake_case_names()
    {
        var section = Sample().Get<TrainSection>("train");

        section.Should().BeEquivalentTo(new TrainSection(0.05, 3, "sgd", true, [16, 32]));
    }

    [Fact]
    public void A_misspelt_name_is_reported_with_the_closest_one()
    {
        var act = () => Sample().Get<double>("train.lrr");

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Be("error: parameter 'train.lrr' not found in params.json" + Environment.NewLine + "  hint: did you mean 'train.lr'?");
    }

    [Fact]
    public void A_value_of_another_type_is_reported_with_its_value()
    {
        var act = () => Sample().Get<int>("train.optimizer");

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .StartWith("error: parameter 'train.optimizer' is 'sgd', which is not a whole number");
    }

    [Fact]
    public void A_section_is_a_copy_that_callers_may_change()
    {
        var parameters = Sample();

        var section = parameters.Section("train");
        section["lr"] = 1;

        parameters.Get<double>("train.lr").Should().Be(0.05);
    }
}
