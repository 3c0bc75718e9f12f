using Repro.Core.Search;
using Repro.Core.Search.Pruners;

namespace Repro.Core.Tests.Search.Pruners;

public class SuccessiveHalvingPrunerTests
{
    // Rungs at steps 1, 2, 4, 8 (min_resource 1, reduction factor 2): at each, the better half goes on.
    private static Study NewStudy(SuccessiveHalvingPrunerOptions? options = null) =>
        TestStudies.Create(
            """{"x": "uniform(0, 1)"}""",
            pruner: new SuccessiveHalvingPruner(options ?? new SuccessiveHalvingPrunerOptions { MinResource = 1, ReductionFactor = 2 })
        );

    [Fact]
    public void The_first_trial_at_a_rung_is_promoted()
    {
        var study = NewStudy();

        TestStudies.RunCurve(study, 5, 4, 3, 2, 1).State.Should().Be(TrialState.Complete);
    }

    [Fact]
    public void A_trial_outside_the_top_share_of_a_rung_is_pruned_when_it_reaches_the_rung()
    {
        var study = NewStudy();
        TestStudies.RunCurve(study, 5, 4, 3, 2, 1);

        // Rung 0 (step 1): values {4, 6}; the top half is {4}: pruned at step 1, not before.
        var pruned = TestStudies.RunCurve(study, 5, 6, 1, 1, 1);

        pruned.State.Should().Be(TrialState.Pruned);
        pruned.LastStep.Should().Be(1);
    }

    [Fact]
    public void A_promoted_trial_is_judged_again_at_the_next_rung()
    {
        var study = NewStudy();
        TestStudies.RunCurve(study, 5, 4, 3, 2, 1);
        TestStudies.RunCurve(study, 5, 6, 1, 1, 1);

        // Rung 0: {4, 6, 3.5} -> top 1 is 3.5: promoted. Rung 1 (step 2): {3, 3.2} -> 3.2 is not in the top half.
        var trial = TestStudies.RunCurve(study, 5, 3.5, 3.2, 1, 1);

        trial.State.Should().Be(TrialState.Pruned);
        trial.LastStep.Should().Be(2);
    }

    [Fact]
    public void A_larger_rung_promotes_a_share_of_one_over_the_reduction_factor()
    {
        var study = NewStudy();
        foreach (var v in new[] { 1.0, 2, 3, 4, 5, 6 })
            TestStudies.RunCurve(study, 0, v);

        // Rung 0 (step 1) holds {1..6, 2.5}: the top 7 / 2 = 3 go on, so 2.5 is promoted; with {1..6, 2.5, 3.5}
        // the top 8 / 2 = 4 are {1, 2, 2.5, 3}, so 3.5 is not.
        TestStudies.RunCurve(study, 0, 2.5).State.Should().Be(TrialState.Complete);
        TestStudies.RunCurve(study, 0, 3.5).State.Should().Be(TrialState.Pruned);
    }

    [Fact]
    public void A_min_early_stopping_rate_moves_the_first_rung_later()
    {
        var study = NewStudy(
            new SuccessiveHalvingPrunerOptions
            {
                MinResource = 1,
                ReductionFactor = 2,
                MinEarlyStoppingRate = 2,
            }
        );
        TestStudies.RunCurve(study, 5, 4, 3, 2, 1, 1);

        // First rung at step 1 × 2² = 4.
        TestStudies.RunCurve(study, 9, 9, 9, 9, 9, 9).LastStep.Should().Be(4);
    }

    [Fact]
    public void With_an_automatic_min_resource_nothing_is_pruned_before_a_trial_completes()
    {
        var study = NewStudy(new SuccessiveHalvingPrunerOptions());

        var first = study.Ask()!;
        study.Report(first.Number, 0, 1);
        study.Report(first.Number, 1, 1);
        var second = study.Ask()!;
        study.Report(second.Number, 0, 100);
        study.Report(second.Number, 1, 100);

        study.ShouldPrune(second.Number).Should().BeFalse();
    }

    [Fact]
    public void A_nan_value_at_a_rung_is_pruned()
    {
        var study = NewStudy();
        TestStudies.RunCurve(study, 5, 4, 3);

        TestStudies.RunCurve(study, 5, double.NaN, 1).LastStep.Should().Be(1);
    }
}
