using Repro.Core.Search;

namespace Repro.Core.Tests.Search;

public class StudySummaryTests
{
    [Fact]
    public void The_summary_gives_counts_the_best_trials_and_the_best_so_far_history()
    {
        var study = TestStudies.Create("""{"x": "uniform(0, 1)"}""", direction: StudyDirection.Maximize);
        double[] values = [0.2, 0.9, double.NaN, 0.5, 0.95];
        study.Optimize(values.Length, t => values[t.Number]);

        var summary = StudySummary.Of(study, top: 2);

        summary.Counts[TrialState.Complete].Should().Be(4);
        summary.Counts[TrialState.Failed].Should().Be(1);
        summary.Best!.Number.Should().Be(4);
        summary.Top.Select(t => t.Number).Should().Equal(4, 1);
        summary.History.Select(h => h.BestSoFar).Should().Equal(0.2, 0.9, 0.9, 0.9, 0.95);
        summary.History[2].State.Should().Be(TrialState.Failed);
        summary.Importances.Should().ContainSingle().Which.Key.Should().Be("x");
    }
}
