using Repro.Core.Search;
using Repro.Tool.Reports;

namespace Repro.Tool.Tests.Reports;

public sealed class StudyTextTests
{
    [Fact]
    public void The_summary_names_the_best_trial_the_top_trials_and_the_importances()
    {
        // Arrange
        var study = ReportFixtures.Study(trials: 30);
        var best = study.BestTrial!;

        // Act
        var text = StudyText.ToText(StudyReport.From(study, "val_acc", top: 5));

        // Assert
        text.Should().StartWith($"study tune: 30 trials ({study.Trials.Count(t => t.State == TrialState.Complete)} complete, ");
        text.Should().Contain("objective val_acc (maximize)");
        text.Should()
            .Contain(
                $"best trial {best.Number}: val_acc = {best.Value!.Value.ToString("G10", System.Globalization.CultureInfo.InvariantCulture)}"
            );
        text.Should().Contain("top 5").And.Contain("importance");
        // The history ends with all 30 trials, the best value and the trial that reached it first.
        text.Should().MatchRegex($@"\n  30\s+\S+\s+{best.Number}\n");
        text.Split('\n')
            .Should()
            .Contain(l =>
                l.TrimStart().StartsWith("1 ", StringComparison.Ordinal) && l.Contains($" {best.Number} ", StringComparison.Ordinal)
            );
    }
}
