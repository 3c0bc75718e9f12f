using Repro.Core.Execution;
using Repro.Core.Search;

namespace Repro.Core.Tests.Search;

public class StudyTests
{
    private const string Space = """{"x": "uniform(-1, 1)"}""";

    [Fact]
    public void Each_trial_is_numbered_and_seeded_from_the_study_seed()
    {
        var study = TestStudies.Create(Space, seed: 1234);

        study.Optimize(3, t => t.Float("x"));

        study.Trials.Select(t => t.Number).Should().Equal(0, 1, 2);
        study.Trials.Select(t => t.Seed).Should().Equal(Seeds.ForTrial(1234, 0), Seeds.ForTrial(1234, 1), Seeds.ForTrial(1234, 2));
    }

    [Fact]
    public void The_best_trial_follows_the_direction()
    {
        var minimize = TestStudies.Create(Space, direction: StudyDirection.Minimize);
        var maximize = TestStudies.Create(Space, direction: StudyDirection.Maximize);

        minimize.Optimize(20, t => t.Float("x"));
        maximize.Optimize(20, t => t.Float("x"));

        minimize.BestTrial!.Value.Should().Be(minimize.Trials.Min(t => t.Value));
        maximize.BestTrial!.Value.Should().Be(maximize.Trials.Max(t => t.Value));
    }

    [Fact]
    public void A_killed_study_resumes_with_its_finished_trials_and_fails_the_interrupted_one()
    {
        var storage = new InMemoryStudyStorage();
        var first = TestStudies.Create(Space, storage: storage);
        first.Optimize(5, t => t.Float("x"));
        first.Ask(); // running when the process was killed

        var resumed = TestStudies.Create(Space, storage: storage);
        var interrupted = resumed.FailInterruptedTrials();
        resumed.Optimize(10, t => t.Float("x"));

        interrupted.Should().Be(1);
        resumed.Trials.Should().HaveCount(10);
        resumed.Trials.Take(5).Select(t => (t.Number, t.Value)).Should().Equal(first.Trials.Take(5).Select(t => (t.Number, t.Value)));
        resumed[5].State.Should().Be(TrialState.Failed);
        resumed[5].Message.Should().Be("interrupted");
    }

    [Fact]
    public void A_resumed_study_proposes_what_an_uninterrupted_one_would()
    {
        var storage = new InMemoryStudyStorage();
        TestStudies.Create(Space, "tpe", storage: storage).Optimize(15, t => t.Float("x"));
        var resumed = TestStudies.Create(Space, "tpe", storage: storage);
        resumed.Optimize(25, t => t.Float("x"));

        var straight = TestStudies.Create(Space, "tpe");
        straight.Optimize(25, t => t.Float("x"));

        resumed.Trials.Select(t => t.Params["x"]).Should().Equal(straight.Trials.Select(t => t.Params["x"]));
    }

    [Fact]
    public void Reopening_a_study_with_another_direction_is_rejected()
    {
        var storage = new InMemoryStudyStorage();
        TestStudies.Create(Space, storage: storage, name: "tune");

        var act = () => TestStudies.Create(Space, storage: storage, name: "tune", direction: StudyDirection.Maximize);

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Be(
                """
                error: study 'tune' was created with direction minimize, not maximize
                  hint: a study keeps its direction and seed: give the search another name, or drop the old study ('dotnet repro search rm')
                """.ReplaceLineEndings()
            );
    }

    [Fact]
    public void A_finished_trial_cannot_be_told_again()
    {
        var study = TestStudies.Create(Space);
        var trial = study.Ask()!;
        study.Tell(trial.Number, 1);

        var act = () => study.Tell(trial.Number, 2);

        act.Should().Throw<InvalidOperationException>();
        study[trial.Number].Value.Should().Be(1);
    }
}
