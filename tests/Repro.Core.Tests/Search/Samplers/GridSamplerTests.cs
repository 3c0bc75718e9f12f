using System.Text.Json.Nodes;
using Repro.Core.Search;
using Repro.Core.Search.Samplers;

namespace Repro.Core.Tests.Search.Samplers;

public class GridSamplerTests
{
    [Fact]
    public void The_grid_visits_every_combination_once_then_stops()
    {
        var study = TestStudies.Create(
            """{"opt": "choice(sgd, adam)", "momentum": {"when": {"opt": "sgd"}, "value": "choice(0.9, 0.99)"}, "layers": "int(1, 2)"}""",
            "grid"
        );

        study.Optimize(100, t => t.Int("layers"));

        // sgd × 2 momenta × 2 layers + adam × 2 layers: the inactive momentum does not multiply adam's points.
        study
            .Trials.Select(t => string.Join(" ", t.Params.Select(p => $"{p.Key}={p.Value}")))
            .Should()
            .Equal(
                "layers=1 momentum=0.9 opt=sgd",
                "layers=2 momentum=0.9 opt=sgd",
                "layers=1 momentum=0.99 opt=sgd",
                "layers=2 momentum=0.99 opt=sgd",
                "layers=1 opt=adam",
                "layers=2 opt=adam"
            );
        study.Ask().Should().BeNull();
    }

    [Fact]
    public void Continuous_parameters_are_gridded_with_grid_points_on_their_own_scale()
    {
        var space = TestStudies.Space("""{"lr": "loguniform(1e-4, 1e-1)"}""");
        var study = TestStudies.Create(space, new JsonObject { ["type"] = "grid", ["grid_points"] = 4 });

        study.Optimize(10, t => t.Float("lr"));

        study.Trials.Select(t => (double)t.Params["lr"]).Should().Equal([1e-4, 1e-3, 1e-2, 1e-1], (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void A_grid_over_a_continuous_parameter_without_grid_points_is_rejected()
    {
        var space = TestStudies.Space("""{"train.lr": "loguniform(1e-4, 1e-1)", "train.layers": "int(1, 3)"}""");
        var at = new Dictionary<string, SourceLocation> { ["with.sampler"] = new("pipeline.yaml", 14, 16) };

        var act = () => SamplerFactory.Create(JsonValue.Create("grid"), space, at);

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Be(
                """
                pipeline.yaml:14:16: error: the grid sampler cannot enumerate 'train.lr' (loguniform(0.0001, 0.1)): it is continuous
                  hint: give the sampler a number of points per continuous parameter, sampler: {type: grid, grid_points: 5}, or write the parameter as choice(...)
                """.ReplaceLineEndings()
            );
    }

    [Fact]
    public void An_unknown_sampler_or_option_is_rejected_with_a_suggestion()
    {
        var space = TestStudies.Space("""{"a": "int(1, 3)"}""");

        var act = () => SamplerFactory.Create(JsonValue.Create("tpr"), space);
        var option = () => SamplerFactory.Create(JsonNode.Parse("""{"type": "tpe", "startup_trial": 3}"""), space);

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Be("error: unknown sampler 'tpr'" + Environment.NewLine + "  hint: did you mean 'tpe'?");
        option
            .Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .StartWith(
                "error: the tpe sampler has no option 'startup_trial'" + Environment.NewLine + "  hint: did you mean 'startup_trials'?"
            );
    }
}
