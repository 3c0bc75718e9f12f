using Repro.Core.Search;
using Repro.Core.Search.Importance;

namespace Repro.Core.Tests.Search.Importance;

public class ParameterImportanceTests
{
    [Fact]
    public void A_parameter_that_drives_the_objective_is_the_most_important_and_an_unused_one_the_least()
    {
        var study = TestStudies.Create("""{"x": "uniform(0, 1)", "lr": "loguniform(1e-4, 1)", "unused": "int(1, 8)"}""");
        study.Optimize(120, t => (10 * t.Float("x")) + Math.Log10(t.Float("lr")));

        var importances = ParameterImportance.Compute(study);

        importances.Select(p => p.Key).Should().Equal("x", "lr", "unused");
        importances.Sum(p => p.Value).Should().BeApproximately(1, 1e-9);
        importances[0].Value.Should().BeGreaterThan(0.7);
        importances[2].Value.Should().BeLessThan(0.05);
    }

    [Fact]
    public void A_categorical_parameter_can_be_important()
    {
        var study = TestStudies.Create("""{"opt": "choice(sgd, adam, rmsprop)", "x": "uniform(0, 1)"}""");
        study.Optimize(80, t => (t.Params["opt"] is "adam" ? 0 : 5) + (0.1 * t.Float("x")));

        ParameterImportance.Compute(study)[0].Key.Should().Be("opt");
    }

    [Fact]
    public void Parameters_missing_from_some_trials_are_left_out()
    {
        var study = TestStudies.Create("""{"opt": "choice(sgd, adam)", "momentum": {"when": {"opt": "sgd"}, "value": "uniform(0, 1)"}}""");
        study.Optimize(30, t => t.Params.TryGetValue("momentum", out var m) ? (double)m : 1);

        ParameterImportance.Compute(study).Select(p => p.Key).Should().Equal("opt");
    }
}
