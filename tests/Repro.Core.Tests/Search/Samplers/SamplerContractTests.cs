using Repro.Core.Search;

namespace Repro.Core.Tests.Search.Samplers;

/// <summary>What every sampler promises, whatever its algorithm.</summary>
public class SamplerContractTests
{
    private const string Space = """
        {
          "x": "uniform(-5, 5)",
          "lr": "loguniform(1e-4, 1e-1)",
          "layers": "int(1, 4)",
          "optimizer": "choice(sgd, adam)",
          "momentum": {"when": {"optimizer": "sgd"}, "value": "uniform(0.8, 0.99)"}
        }
        """;

    public static TheoryData<string> EverySampler => ["grid", "random", "tpe", "tpe-univariate", "tpe-multivariate"];

    private static double Objective(TrialHandle t) =>
        Math.Pow(t.Float("x") - 1, 2)
        + Math.Abs(Math.Log10(t.Float("lr")) + 2)
        + t.Int("layers")
        + (t.Params.ContainsKey("momentum") ? 0 : 1);

    private static List<string> Run(string sampler, long seed, int trials = 25)
    {
        var study = TestStudies.Create(Space, sampler, seed: seed);
        study.Optimize(trials, Objective);
        return [.. study.Trials.Select(t => string.Join(",", t.Params.Select(p => $"{p.Key}={p.Value}")))];
    }

    [Theory, MemberData(nameof(EverySampler))]
    public void A_sampler_given_the_same_seed_proposes_the_same_trials(string sampler)
    {
        Run(sampler, seed: 7).Should().Equal(Run(sampler, seed: 7));
    }

    [Theory]
    [InlineData("random")]
    [InlineData("tpe")]
    [InlineData("tpe-univariate")]
    [InlineData("tpe-multivariate")]
    public void A_sampler_given_another_seed_proposes_other_trials(string sampler)
    {
        Run(sampler, seed: 7).Should().NotEqual(Run(sampler, seed: 8));
    }

    [Theory, MemberData(nameof(EverySampler))]
    public void Every_proposal_lies_in_the_space_with_exactly_the_active_parameters(string sampler)
    {
        var study = TestStudies.Create(Space, sampler);

        study.Optimize(30, Objective);

        study.Trials.Should().HaveCount(30);
        foreach (var trial in study.Trials)
        {
            trial.Params.Keys.Should().BeEquivalentTo(study.Space.Parameters.Where(p => p.IsActive(trial.Params)).Select(p => p.Name));
            foreach (var (name, value) in trial.Params)
                study.Space[name].Distribution.Contains(value).Should().BeTrue($"{name}={value} in trial {trial.Number}");
        }
    }

    [Theory, MemberData(nameof(EverySampler))]
    public void A_crashing_or_nan_trial_is_recorded_as_failed_and_the_study_goes_on(string sampler)
    {
        var study = TestStudies.Create(Space, sampler);

        study.Optimize(
            20,
            t =>
                t.Number switch
                {
                    3 => throw new InvalidOperationException("CUDA out of memory"),
                    5 => double.NaN,
                    _ => Objective(t),
                }
        );

        study.Trials.Should().HaveCount(20);
        study[3].State.Should().Be(TrialState.Failed);
        study[3].Message.Should().Be("CUDA out of memory");
        study[5].State.Should().Be(TrialState.Failed);
        study[5].Message.Should().Be("the objective value is NaN");
        study.Trials.Count(t => t.State == TrialState.Complete).Should().Be(18);
        study.BestTrial!.Value.Should().Be(study.CompleteTrials.Min(t => t.Value));
    }

    [Theory, MemberData(nameof(EverySampler))]
    public void Parallel_workers_are_never_given_a_point_that_is_being_evaluated(string sampler)
    {
        // A small discrete space makes collisions likely for a sampler that ignores running trials.
        var study = TestStudies.Create("""{"a": "int(0, 3)", "b": "choice(x, y, z)"}""", sampler);
        study.Optimize(12 - 6, t => t.Int("a") + (t.Params["b"] is "x" ? 0 : 0.5));

        var running = Enumerable.Range(0, 6).Select(_ => study.Ask()!).ToList();

        running.Select(t => $"{t.Params["a"]}/{t.Params["b"]}").Should().OnlyHaveUniqueItems();
    }
}
