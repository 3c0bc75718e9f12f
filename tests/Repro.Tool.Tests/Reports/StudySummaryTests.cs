using Repro.Core.Search;
using Repro.Tool.Reports;

namespace Repro.Tool.Tests.Reports;

public sealed class StudySummaryTests
{
    [Fact]
    public void The_summary_names_the_best_trial_the_top_trials_and_the_importances()
    {
        // Arrange
        var study = ReportFixtures.Study(trials: 30);
        var best = study.BestTrial!;

        // Act
        var text = Repro.Tool.Reports.StudySummary.ToText(StudyReport.From(study, "val_acc"), top: 5);

        // Assert
        text.Should().StartWith($"study tune: 30 trials ({study.Trials.Count(t => t.State == TrialState.Complete)} complete, ");
        text.Should().Contain("objective val_acc (maximize)");
        text.Should()
            .Contain(
                $"best trial {best.Number}: val_acc = {best.Value!.Value.ToString("G10", System.Globalization.CultureInfo.InvariantCulture)}"
            );
        text.Should().Contain("top 5").And.Contain("importance");
        text.Split('\n')
            .Should()
            .Contain(l =>
                l.TrimStart().StartsWith("1 ", StringComparison.Ordinal) && l.Contains($" {best.Number} ", StringComparison.Ordinal)
            );
    }

    [Fact]
    public void Importance_goes_to_the_parameter_the_objective_depends_on()
    {
        // Arrange: the objective depends on x only; y is noise-free but irrelevant.
        var trials = Enumerable
            .Range(0, 40)
            .Select(i => new ReportTrial(
                i,
                ReportTrialState.Complete,
                new Dictionary<string, object>
                {
                    ["x"] = i / 40.0,
                    ["y"] = (i * 7919 % 40) / 40.0,
                    ["kind"] = i % 2 == 0 ? "a" : "b",
                },
                Math.Pow(i / 40.0 - 0.3, 2),
                new Dictionary<int, double>()
            ))
            .ToList();

        // Act
        var importances = ParamImportanceEstimator.Estimate(trials, seed: 1);

        // Assert
        importances.Select(i => i.Param).First().Should().Be("x");
        importances.Sum(i => i.Importance).Should().BeApproximately(1, 1e-9);
        importances[0].Importance.Should().BeGreaterThan(0.8);
        ParamImportanceEstimator.Estimate(trials, seed: 1).Should().Equal(importances, "the forest is seeded");
    }
}
