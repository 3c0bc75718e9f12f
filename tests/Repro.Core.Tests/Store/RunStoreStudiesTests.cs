using Microsoft.Data.Sqlite;
using Repro.Core.Search;
using Repro.Core.Store;
using Repro.Core.Tests.Search;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Store;

public class RunStoreStudiesTests
{
    private const string Space =
        """{"lr": "loguniform(1e-4, 1e-1)", "layers": "int(1, 4)", "opt": "choice(sgd, adam)", "bn": "choice(true, false)"}""";

    private static double Objective(TrialHandle t) => Math.Log10(t.Float("lr")) + t.Int("layers");

    [Fact]
    public void Finished_trials_survive_closing_and_reopening_the_store()
    {
        using var dir = TempDir.Create();
        var dbPath = dir.Resolve(".repro/repro.db");
        IReadOnlyList<Trial> before;
        using (var store = RunStore.Open(dbPath))
        {
            var study = TestStudies.Create(Space, "tpe", storage: store);
            study.Optimize(
                6,
                t =>
                {
                    t.Report(0, 1.5);
                    t.Report(1, t.Number == 2 ? double.NaN : 0.5);
                    return t.Number == 4 ? throw new InvalidOperationException("boom") : Objective(t);
                }
            );
            before = study.Trials;
        }

        using var reopened = RunStore.Open(dbPath);
        var after = TestStudies.Create(Space, "tpe", storage: reopened).Trials;

        after.Select(Describe).Should().Equal(before.Select(Describe));
        after[2].IntermediateValues[1].Should().Be(double.NaN);
        after[4].Message.Should().Be("boom");
    }

    [Fact]
    public void Outcomes_are_each_trials_number_state_and_value_as_the_whole_trials_say()
    {
        using var dir = TempDir.Create();
        using var store = RunStore.Open(dir.Resolve("repro.db"));
        IStudyStorage memory = new InMemoryStudyStorage();
        foreach (var storage in new IStudyStorage[] { store, memory })
        {
            storage.CreateOrLoadStudy(new StudyRecord("s", StudyDirection.Minimize, 1));
            foreach (
                var (state, value) in new (TrialState, double?)[]
                {
                    (TrialState.Complete, 0.5),
                    (TrialState.Pruned, null),
                    (TrialState.Failed, null),
                }
            )
            {
                var number = storage.ClaimTrial("s", n => n);
                storage.SetParams("s", number, new Dictionary<string, object> { ["lr"] = 0.1 });
                storage.ReportIntermediate("s", number, 0, 0.9);
                storage.FinishTrial("s", number, state, value, state == TrialState.Failed ? "boom" : null);
            }
            storage.ClaimTrial("s", n => n);
        }

        var outcomes = store.LoadOutcomes("s");

        outcomes
            .Should()
            .Equal(
                new TrialOutcome(0, TrialState.Complete, 0.5),
                new TrialOutcome(1, TrialState.Pruned, null),
                new TrialOutcome(2, TrialState.Failed, null),
                new TrialOutcome(3, TrialState.Running, null)
            );
        outcomes.Should().Equal(store.LoadTrials("s").Select(TrialOutcome.Of));
        memory.LoadOutcomes("s").Should().Equal(outcomes);
    }

    [Fact]
    public void Parameter_values_keep_their_kind()
    {
        using var dir = TempDir.Create();
        using var store = RunStore.Open(dir.Resolve("repro.db"));
        store.CreateOrLoadStudy(new StudyRecord("s", StudyDirection.Minimize, 1));
        var number = store.ClaimTrial("s", _ => 7);

        store.SetParams(
            "s",
            number,
            new Dictionary<string, object>
            {
                ["a"] = 1.0,
                ["b"] = 3L,
                ["c"] = true,
                ["d"] = "sgd",
                ["e"] = 1e-300,
            }
        );

        store
            .LoadTrials("s")
            .Single()
            .Params.Should()
            .Equal(
                new Dictionary<string, object>
                {
                    ["a"] = 1.0,
                    ["b"] = 3L,
                    ["c"] = true,
                    ["d"] = "sgd",
                    ["e"] = 1e-300,
                }
            );
    }

    [Fact]
    public void A_study_killed_mid_trial_resumes_and_proposes_what_an_uninterrupted_one_would()
    {
        using var dir = TempDir.Create();
        var dbPath = dir.Resolve("repro.db");
        using (var store = RunStore.Open(dbPath))
        {
            var study = TestStudies.Create(Space, "tpe", storage: store);
            study.Optimize(12, Objective);
            study.Ask(); // the process dies here, trial 12 running
        }

        using var reopened = RunStore.Open(dbPath);
        var resumed = TestStudies.Create(Space, "tpe", storage: reopened);
        resumed.FailInterruptedTrials().Should().Be(1);
        resumed.Optimize(20, Objective);
        var straight = TestStudies.Create(Space, "tpe");
        straight.Optimize(12, Objective);
        straight.Fail(straight.Ask()!.Number, "interrupted");
        straight.Optimize(20, Objective);

        resumed.Trials.Select(Describe).Should().Equal(straight.Trials.Select(Describe));
    }

    [Fact]
    public void Two_processes_on_one_store_never_claim_the_same_trial_number()
    {
        using var dir = TempDir.Create();
        var dbPath = dir.Resolve("repro.db");
        using var first = RunStore.Open(dbPath);
        using var second = RunStore.Open(dbPath);
        first.CreateOrLoadStudy(new StudyRecord("s", StudyDirection.Minimize, 1));

        var numbers = new System.Collections.Concurrent.ConcurrentBag<int>();
        Parallel.For(0, 60, i => numbers.Add((i % 2 == 0 ? first : second).ClaimTrial("s", n => n)));

        numbers.Order().Should().Equal(Enumerable.Range(0, 60));
    }

    [Fact]
    public void A_study_written_before_schema_5_belongs_to_its_stage_and_the_same_search_takes_it_over()
    {
        using var dir = TempDir.Create();
        var dbPath = dir.Resolve("repro.db");
        RunStore.Open(dbPath, [.. RunStore.Migrations.Take(4)]).Dispose();
        using (var old = new SqliteConnection($"Data Source={dbPath};Pooling=false"))
        {
            old.Open();
            using var insert = old.CreateCommand();
            insert.CommandText = """
                INSERT INTO studies (name, direction, seed, created_at) VALUES ('tune', 'maximize', 7, '2026-11-25T00:00:00.0000000Z');
                INSERT INTO trials (study, number, seed, state, params_json, value, started_at)
                VALUES ('tune', 0, 3, 'complete', '{"x":1.5}', 0.9, '2026-11-25T00:00:00.0000000Z');
                """;
            insert.ExecuteNonQuery();
        }

        using var store = RunStore.Open(dbPath);
        var migrated = store.TryLoadStudy("tune");
        var choice = StageStudies.Choose(store, "tune", StudyDefinitionTests.Definition("""{"x": "uniform(0, 5)"}"""));

        migrated.Should().Be(new StudyRecord("tune", StudyDirection.Maximize, 7) { Stage = "tune" });
        choice.Kind.Should().Be(StudyChoiceKind.Adopted);
        choice.Study.Name.Should().Be("tune");
        store.LoadTrials("tune").Should().ContainSingle().Which.Value.Should().Be(0.9);
    }

    private static string Describe(Trial t) =>
        $"{t.Number} {t.State} {t.Seed} {t.Value} {t.Message} [{string.Join(",", t.Params.Select(p => $"{p.Key}={p.Value}"))}] "
        + $"[{string.Join(",", t.IntermediateValues.Select(v => $"{v.Key}:{v.Value}"))}]";
}
