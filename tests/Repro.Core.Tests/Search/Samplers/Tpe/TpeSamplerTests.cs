using System.Collections.Immutable;
using Repro.Core.Search;
using Repro.Core.Search.Samplers;
using Repro.Core.Search.Samplers.Tpe;

namespace Repro.Core.Tests.Search.Samplers.Tpe;

public class TpeSamplerTests
{
    private static double Sphere(TrialHandle t) => Math.Pow(t.Float("x") - 1.5, 2) + Math.Pow(t.Float("y") + 2, 2);

    private static double BestAfter(string sampler, long seed, int trials, Func<TrialHandle, double>? objective = null)
    {
        var study = TestStudies.Create("""{"x": "uniform(-10, 10)", "y": "uniform(-10, 10)"}""", sampler, seed: seed);
        study.Optimize(trials, objective ?? Sphere);
        return study.BestTrial!.Value!.Value;
    }

    [Theory]
    [InlineData("tpe")]
    [InlineData("tpe-univariate")]
    [InlineData("tpe-multivariate")]
    public void Tpe_beats_random_search_on_a_simple_function_at_a_fixed_budget(string tpe)
    {
        long[] seeds = [1, 2, 3, 4, 5, 6, 7, 8];

        var tpeBest = seeds.Select(s => BestAfter(tpe, s, 60)).ToList();
        var randomBest = seeds.Select(s => BestAfter("random", s, 60)).ToList();

        // Seeds are fixed, so this is deterministic: TPE's median best is far better, and it wins on most seeds.
        tpeBest.Order().ElementAt(seeds.Length / 2).Should().BeLessThan(randomBest.Order().ElementAt(seeds.Length / 2) / 3);
        tpeBest.Zip(randomBest).Count(p => p.First < p.Second).Should().BeGreaterThanOrEqualTo(6);
    }

    [Fact]
    public void Multivariate_tpe_follows_a_diagonal_valley_better_than_univariate_tpe()
    {
        // Good points lie along x = y: each parameter alone looks flat, together they are not.
        static double Valley(TrialHandle t) =>
            (10 * Math.Pow(t.Float("x") - t.Float("y"), 2)) + Math.Pow(t.Float("x") + t.Float("y") - 4, 2);
        long[] seeds = [1, 2, 3, 4, 5, 6, 7, 8];

        var joint = seeds.Select(s => BestAfter("tpe-multivariate", s, 60, Valley)).ToList();
        var separate = seeds.Select(s => BestAfter("tpe-univariate", s, 60, Valley)).ToList();

        joint.Order().ElementAt(seeds.Length / 2).Should().BeLessThan(separate.Order().ElementAt(seeds.Length / 2) / 2);
        joint.Zip(separate).Count(p => p.First < p.Second).Should().BeGreaterThanOrEqualTo(6);
    }

    [Fact]
    public void Multivariate_tpe_keeps_ints_log_ints_and_choices_valid_and_learns_them()
    {
        // Several seeds: whether one 60-trial study settles on the best choice depends on its first trials (in 100
        // seeds, 56 did with per-axis widths and 58 with joint neighbour widths), so one seed says little.
        var learnedChoice = 0;
        for (var seed = 0; seed < 10; seed++)
        {
            var study = TestStudies.Create(
                """{"x": "uniform(-3, 3)", "batch": "int(16, 512, log)", "layers": "int(1, 6)", "opt": "choice(sgd, adam, rmsprop)"}""",
                "tpe-multivariate",
                seed: seed
            );

            study.Optimize(
                60,
                t =>
                    (t.Float("x") * t.Float("x"))
                    + Math.Abs(Math.Log2(t.Int("batch")) - 7)
                    + Math.Abs(t.Int("layers") - 3)
                    + (t.Params["opt"] is "adam" ? 0 : 1)
            );

            foreach (var trial in study.Trials)
            {
                trial.Params["batch"].Should().BeOfType<long>().Which.Should().BeInRange(16, 512);
                trial.Params["layers"].Should().BeOfType<long>().Which.Should().BeInRange(1, 6);
                trial.Params["opt"].Should().BeOneOf("sgd", "adam", "rmsprop");
            }
            study.BestTrial!.Params["layers"].Should().Be(3L);
            // At random a third of the last 30 trials would be adam.
            if (study.BestTrial!.Params["opt"] is "adam" && study.Trials.Skip(30).Count(t => t.Params["opt"] is "adam") > 15)
                learnedChoice++;
        }
        learnedChoice.Should().BeGreaterThanOrEqualTo(6);
    }

    [Fact]
    public void Under_multivariate_tpe_a_conditional_parameter_is_sampled_only_when_active_and_still_learns()
    {
        var study = TestStudies.Create(
            """{"x": "uniform(-1, 1)", "opt": "choice(sgd, adam)", "momentum": {"when": {"opt": "sgd"}, "value": "uniform(0, 1)"}}""",
            "tpe-multivariate"
        );

        study.Optimize(60, t => Math.Abs(t.Float("x")) + (t.Params.TryGetValue("momentum", out var m) ? Math.Abs((double)m - 0.9) : 0.5));

        study.Trials.Where(t => t.Params["opt"] is "sgd").Should().OnlyContain(t => t.Params.ContainsKey("momentum"));
        study.Trials.Where(t => t.Params["opt"] is "adam").Should().OnlyContain(t => !t.Params.ContainsKey("momentum"));
        study.BestTrial!.Params["opt"].Should().Be("sgd");
        ((double)study.BestTrial!.Params["momentum"]).Should().BeApproximately(0.9, 0.1);
    }

    [Fact]
    public void Tpe_learns_which_choice_is_best()
    {
        var study = TestStudies.Create("""{"opt": "choice(sgd, adam, rmsprop)", "x": "uniform(0, 1)"}""", "tpe");

        study.Optimize(60, t => (t.Params["opt"] is "adam" ? 0 : 1) + t.Float("x"));

        study.Trials.Skip(30).Count(t => t.Params["opt"] is "adam").Should().BeGreaterThan(20);
    }

    [Fact]
    public void Tpe_keeps_ints_integral_and_within_their_log_range()
    {
        var study = TestStudies.Create("""{"batch": "int(16, 512, log)", "layers": "int(1, 6)"}""", "tpe");

        study.Optimize(40, t => Math.Abs(Math.Log2(t.Int("batch")) - 7) + Math.Abs(t.Int("layers") - 3));

        study
            .Trials.Should()
            .OnlyContain(t => t.Params["batch"] is long && (long)t.Params["batch"] >= 16 && (long)t.Params["batch"] <= 512);
        study.BestTrial!.Params["layers"].Should().Be(3L);
    }

    [Fact]
    public void A_conditional_parameter_learns_only_from_the_trials_where_it_was_active()
    {
        var study = TestStudies.Create(
            """{"opt": "choice(sgd, adam)", "momentum": {"when": {"opt": "sgd"}, "value": "uniform(0, 1)"}}""",
            "tpe"
        );

        study.Optimize(50, t => t.Params.TryGetValue("momentum", out var m) ? Math.Abs((double)m - 0.9) : 0.5);

        study.Trials.Where(t => t.Params["opt"] is "sgd").Should().OnlyContain(t => t.Params.ContainsKey("momentum"));
        study.Trials.Where(t => t.Params["opt"] is "adam").Should().OnlyContain(t => !t.Params.ContainsKey("momentum"));
        study.BestTrial!.Params["opt"].Should().Be("sgd");
    }

    private static double Spread(bool constantLiar)
    {
        var space = TestStudies.Space("""{"x": "uniform(-10, 10)"}""");
        var sampler = new System.Text.Json.Nodes.JsonObject { ["type"] = "tpe", ["constant_liar"] = constantLiar };
        var study = TestStudies.Create(space, sampler);
        study.Optimize(60, t => Math.Abs(t.Float("x")));
        var asked = Enumerable.Range(0, 8).Select(_ => (double)study.Ask()!.Params["x"]).ToList();
        var mean = asked.Average();
        return Math.Sqrt(asked.Sum(x => (x - mean) * (x - mean)) / asked.Count);
    }

    [Fact]
    public void Running_trials_push_new_proposals_away_from_their_points()
    {
        // After 60 trials, eight workers asking at once without the liar all crowd the optimum (spread 0.1); with
        // it, each running point counts as a bad observation in g(x), so later askers spread out (1.7).
        Spread(constantLiar: true).Should().BeGreaterThan(2 * Spread(constantLiar: false));
    }

    /// <summary>TPE's proposal after <paramref name="history"/> (x → value, minimised), with g(x) limited to <paramref name="recentTrials"/>.</summary>
    private static double ProposalAfter(IReadOnlyList<(double X, double Value)> history, int recentTrials)
    {
        var space = TestStudies.Space("""{"x": "uniform(-10, 10)"}""");
        var trials = history
            .Select(
                (h, n) =>
                    new Trial
                    {
                        Number = n,
                        Seed = n,
                        State = TrialState.Complete,
                        Value = h.Value,
                        Params = ImmutableSortedDictionary.CreateRange(
                            StringComparer.Ordinal,
                            [new KeyValuePair<string, object>("x", h.X)]
                        ),
                    }
            )
            .ToList();
        var sampler = new TpeSampler(new TpeSamplerOptions { RecentTrials = recentTrials });
        var point = sampler.Sample(new SamplingContext(space, StudyDirection.Minimize, trials, trials.Count, new Random(7)));
        return (double)point!["x"];
    }

    [Fact]
    public void G_learns_only_from_the_most_recent_trials_outside_the_good_set()
    {
        // Trials 0–29 far from x = 1, 30–59 around it (value |x − 1|); the variant moves 0–29 onto the good region,
        // with a bad value: in both, the good set is among 30–59.
        var history = Enumerable
            .Range(0, 60)
            .Select(n => n < 30 ? -8 + (0.1 * n) : 1 + (3 * Math.Sin(n * 1.7)))
            .Select(x => (X: x, Value: Math.Abs(x - 1)))
            .ToList();
        var moved = history.ToList();
        for (var n = 0; n < 30; n++)
            moved[n] = (1 + (0.01 * n), 50.0);

        // With g over the last 20 of the 54 others, trials 0–29 are out of it and cannot change the proposal; over
        // all of them they do, which shows the comparison would see it.
        ProposalAfter(moved, recentTrials: 20).Should().Be(ProposalAfter(history, recentTrials: 20));
        ProposalAfter(moved, recentTrials: 1000).Should().NotBe(ProposalAfter(history, recentTrials: 1000));
    }

    [Fact]
    public void The_erfc_approximation_is_accurate()
    {
        TruncatedNormal.Erfc(0).Should().BeApproximately(1, 1e-7);
        TruncatedNormal.Erfc(1).Should().BeApproximately(0.157299207050285, 1e-7);
        TruncatedNormal.Erfc(-2).Should().BeApproximately(1.995322265018953, 1e-7);
        TruncatedNormal.LogMass(-1, 1).Should().BeApproximately(Math.Log(0.682689492137086), 1e-6);
        TruncatedNormal.LogMass(40, 41).Should().BeLessThan(-700).And.NotBe(double.NegativeInfinity);
    }
}
