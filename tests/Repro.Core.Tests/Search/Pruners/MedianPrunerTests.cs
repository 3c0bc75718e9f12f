using Repro.Core.Search;
using Repro.Core.Search.Pruners;

namespace Repro.Core.Tests.Search.Pruners;

public class MedianPrunerTests
{
    private static Study StudyWithFiveCurves(MedianPrunerOptions options, StudyDirection direction = StudyDirection.Minimize)
    {
        var study = TestStudies.Create("""{"x": "uniform(0, 1)"}""", pruner: new MedianPruner(options), direction: direction);
        var sign = direction == StudyDirection.Minimize ? 1 : -1;
        // Medians by step: 10, 8, 6, 4.
        double[][] curves =
        [
            [10, 8, 6, 4],
            [10, 7, 5, 3],
            [9, 7, 5, 3],
            [10, 9, 8, 7],
            [11, 9, 7, 5],
        ];
        foreach (var curve in curves)
            TestStudies.RunCurve(study, [.. curve.Select(v => sign * v)]).State.Should().Be(TrialState.Complete);
        return study;
    }

    [Fact]
    public void A_trial_whose_best_value_is_worse_than_the_median_at_its_step_is_pruned_there()
    {
        var study = StudyWithFiveCurves(new MedianPrunerOptions());

        // Step 0: 10 is not worse than the median 10; step 1: the best so far, 9.5, is worse than 8.
        var pruned = TestStudies.RunCurve(study, 10, 9.5, 3, 1);

        pruned.State.Should().Be(TrialState.Pruned);
        pruned.LastStep.Should().Be(1);
    }

    [Fact]
    public void A_trial_at_or_better_than_the_median_runs_to_the_end()
    {
        var study = StudyWithFiveCurves(new MedianPrunerOptions());

        TestStudies.RunCurve(study, 10, 8, 6, 2).State.Should().Be(TrialState.Complete);
    }

    [Fact]
    public void The_best_value_so_far_counts_not_the_last_one()
    {
        var study = StudyWithFiveCurves(new MedianPrunerOptions());

        // At step 2 the last value 9 is worse than the median 6, but the best so far (5, at step 1) is not.
        TestStudies.RunCurve(study, 10, 5, 9, 4).State.Should().Be(TrialState.Complete);
    }

    [Fact]
    public void Nothing_is_pruned_before_enough_trials_are_complete()
    {
        var study = TestStudies.Create("""{"x": "uniform(0, 1)"}""", pruner: new MedianPruner());
        for (var i = 0; i < 4; i++)
            TestStudies.RunCurve(study, 1, 1, 1);

        TestStudies.RunCurve(study, 100, 100, 100).State.Should().Be(TrialState.Complete);
    }

    [Fact]
    public void Warmup_steps_are_never_judged()
    {
        var study = StudyWithFiveCurves(new MedianPrunerOptions { WarmupSteps = 2 });

        TestStudies.RunCurve(study, 50, 50, 50, 50).LastStep.Should().Be(2);
    }

    [Fact]
    public void With_an_interval_only_the_first_report_of_each_interval_is_judged()
    {
        var study = StudyWithFiveCurves(new MedianPrunerOptions { IntervalSteps = 2 });

        // Step 0 (10 vs 10) passes, step 1 is not judged, step 2 (9.5 vs 6) prunes.
        TestStudies.RunCurve(study, 10, 9.5, 9.5, 9.5).LastStep.Should().Be(2);
    }

    [Fact]
    public void A_nan_value_is_pruned_at_once()
    {
        var study = StudyWithFiveCurves(new MedianPrunerOptions());

        TestStudies.RunCurve(study, double.NaN, 1, 1).LastStep.Should().Be(0);
    }

    [Fact]
    public void When_maximizing_a_value_below_the_median_is_pruned()
    {
        var study = StudyWithFiveCurves(new MedianPrunerOptions(), StudyDirection.Maximize);

        TestStudies.RunCurve(study, -10, -9.5, -3, -1).LastStep.Should().Be(1);
        TestStudies.RunCurve(study, -10, -8, -6, -2).State.Should().Be(TrialState.Complete);
    }
}
