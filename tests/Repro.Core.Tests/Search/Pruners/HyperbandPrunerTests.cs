using Repro.Core.Search;
using Repro.Core.Search.Pruners;

namespace Repro.Core.Tests.Search.Pruners;

public class HyperbandPrunerTests
{
    private static readonly HyperbandPrunerOptions Options = new()
    {
        MinResource = 1,
        MaxResource = 9,
        ReductionFactor = 3,
    };

    [Fact]
    public void Trials_are_spread_over_the_brackets_by_their_budgets()
    {
        var pruner = new HyperbandPruner(Options);
        var study = TestStudies.Create("""{"x": "uniform(0, 1)"}""", pruner: pruner);

        var counts = Enumerable.Range(0, 1700).GroupBy(n => pruner.BracketOf(study, n)!.Value).ToDictionary(g => g.Key, g => g.Count());

        // Three brackets (rungs from step 1, 3 and 9) with budgets 9, 5 and 3.
        pruner.BracketCount.Should().Be(3);
        counts[0].Should().BeInRange(800, 1000);
        counts[1].Should().BeInRange(420, 580);
        counts[2].Should().BeInRange(220, 380);
    }

    [Fact]
    public void Each_bracket_prunes_at_its_own_first_rung_against_its_own_trials()
    {
        var pruner = new HyperbandPruner(Options);
        var study = TestStudies.Create("""{"x": "uniform(0, 1)"}""", pruner: pruner);
        var seen = new HashSet<int>();
        var prunedAt = new Dictionary<int, List<int?>>();
        for (var i = 0; i < 40; i++)
        {
            // The first trial of each bracket is good; every later one is worse than all before it, at every step.
            var bracket = pruner.BracketOf(study, study.Trials.Count) ?? 0;
            var good = seen.Add(bracket);
            var trial = TestStudies.RunCurve(study, [.. Enumerable.Repeat(good ? 1.0 : 5.0 + i, 10)]);
            if (!good)
                (prunedAt.TryGetValue(bracket, out var list) ? list : prunedAt[bracket] = []).Add(
                    trial.State == TrialState.Pruned ? trial.LastStep : null
                );
        }

        prunedAt[0].Should().OnlyContain(step => step == 1);
        prunedAt[1].Should().OnlyContain(step => step == 3);
        prunedAt[2].Should().OnlyContain(step => step == 9);
    }
}
