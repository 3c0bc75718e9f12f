using Repro.Core.Search;

namespace Repro.Core.Tests.Search;

public class StudyDefinitionTests
{
    private const string Space = """
        {"lr": "loguniform(1e-4, 1e-1)", "layers": "int(1, 4, log)", "opt": "choice(sgd, adam)",
         "momentum": {"when": {"opt": "sgd"}, "value": "uniform(0.8, 0.99)"}, "bn": [true, false], "width": [32, 64.5]}
        """;

    internal static StudyDefinition Definition(
        string space = Space,
        string metric = "val_acc",
        StudyDirection direction = StudyDirection.Maximize,
        long seed = 7,
        string target = "train",
        string objectiveStage = "evaluate"
    ) => new(target, objectiveStage, metric, direction, seed, TestStudies.Space(space));

    [Fact]
    public void The_same_space_written_another_way_is_the_same_definition()
    {
        var reordered = Definition(
            """
            {"width": [32, 64.5], "bn": [true, false], "momentum": {"when": {"opt": ["sgd"]}, "value": "uniform(0.8, 0.99)"},
             "opt": "choice(sgd, adam)", "layers": "int(1, 4, log)", "lr": "loguniform(0.0001, 0.1)"}
            """
        );

        reordered.Hash.Should().Be(Definition().Hash);
        reordered.Differences(Definition()).Should().BeEmpty();
    }

    [Fact]
    public void Each_part_that_makes_trials_comparable_is_named_when_it_differs()
    {
        var original = Definition();

        Definition(Space.Replace("uniform(0.8, 0.99)", "uniform(0.8, 0.95)", StringComparison.Ordinal))
            .Differences(original)
            .Should()
            .Equal("space");
        Definition(metric: "val_loss", direction: StudyDirection.Minimize).Differences(original).Should().Equal("objective");
        Definition(objectiveStage: "train").Differences(original).Should().Equal("objective");
        Definition(seed: 8, target: "train2").Differences(original).Should().Equal("seed", "searched stage");
        Definition(seed: 8).Hash.Should().NotBe(original.Hash);
        StudyDefinition.Words(["space", "objective", "seed"]).Should().Be("space, objective and seed");
    }

    [Fact]
    public void A_definition_reads_back_from_its_json_with_its_space()
    {
        var definition = Definition();

        var read = StudyDefinition.Parse(definition.Json);

        read.Hash.Should().Be(definition.Hash);
        read.Metric.Should().Be("val_acc");
        read.Direction.Should().Be(StudyDirection.Maximize);
        read.Space.Parameters.Select(p => $"{p.Name} {p.Distribution}")
            .Should()
            .BeEquivalentTo(definition.Space.Parameters.Select(p => $"{p.Name} {p.Distribution}"));
        read.Space["momentum"].Conditions.Should().ContainSingle().Which.ParentName.Should().Be("opt");
        FluentActions.Invoking(() => StudyDefinition.Parse("""{"target": "train"}""")).Should().Throw<FormatException>();
    }

    [Fact]
    public void A_point_fits_a_space_when_every_parameter_is_in_it_with_a_value_it_holds()
    {
        var definition = Definition("""{"lr": "uniform(0, 1)", "opt": "choice(sgd, adam)"}""");

        definition.Admits(new Dictionary<string, object> { ["lr"] = 0.5, ["opt"] = "sgd" }).Should().BeTrue();
        definition.Admits(new Dictionary<string, object>()).Should().BeTrue("a trial claimed but never sampled says nothing");
        definition.Admits(new Dictionary<string, object> { ["lr"] = 1.5 }).Should().BeFalse("outside the range");
        definition.Admits(new Dictionary<string, object> { ["opt"] = "rmsprop" }).Should().BeFalse("not a choice");
        definition.Admits(new Dictionary<string, object> { ["dropout"] = 0.1 }).Should().BeFalse("not searched any more");
    }
}
