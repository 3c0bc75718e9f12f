using Npgsql;
using Repro.Core.Search;
using Repro.Core.Store;
using Repro.Core.Store.Postgres;
using Repro.Core.Tests.Search;

namespace Repro.Core.Tests.Store.Postgres;

[Collection("Postgres")]
public class PostgresStoreTests(PostgresServer server)
{
    [SkippableFact]
    public void A_new_database_gets_the_schema_of_the_sqlite_store()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        // Arrange
        var options = PostgresUrl.Parse(server.CreateDatabase());
        // Act
        using var store = PostgresStore.Open(options);
        // Assert
        store.SchemaVersion.Should().Be(RunStore.LatestSchemaVersion);
        Tables(options)
            .Should()
            .Contain(["runs", "stage_executions", "studies", "trials", "trial_values", "trial_heartbeats", "schema_version"]);
    }

    [SkippableFact]
    public void An_older_store_is_migrated_and_keeps_its_studies()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        // Arrange
        var options = PostgresUrl.Parse(server.CreateDatabase());
        using (var old = PostgresStore.Open(options, [.. RunStore.Migrations.Take(2)]))
        {
            old.SchemaVersion.Should().Be(2);
            Execute(
                options,
                "INSERT INTO studies (name, direction, seed, created_at) VALUES ('tune', 'maximize', 7, '2026-11-25T00:00:00.0000000Z')"
            );
        }
        // Act
        using var store = PostgresStore.Open(options);
        // Assert
        store.SchemaVersion.Should().Be(RunStore.LatestSchemaVersion);
        store.TryLoadStudy("tune").Should().Be(new StudyRecord("tune", StudyDirection.Maximize, 7) { Stage = "tune" });
    }

    [SkippableFact]
    public async Task Workers_that_open_one_definition_at_once_share_one_study_and_a_changed_definition_gets_the_next()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        // Arrange
        var url = server.CreateDatabase();
        using var a = PostgresStore.Open(url);
        using var b = PostgresStore.Open(url);
        var definition = StudyDefinitionTests.Definition("""{"x": "uniform(0, 5)"}""");
        // Act
        var names = await Task.WhenAll(
            Enumerable
                .Range(0, 8)
                .Select(worker => Task.Run(() => StageStudies.Choose(worker % 2 == 0 ? a : b, "tune", definition).Study.Name))
        );
        var changed = StageStudies.Choose(b, "tune", StudyDefinitionTests.Definition("""{"x": "uniform(1, 3)"}"""));
        // Assert
        names.Should().AllBe("tune");
        changed.Study.Name.Should().Be("tune@2");
        changed.Previous!.Changes.Should().Equal("space");
        a.ListStudies().Select(s => s.Name).Should().Equal("tune", "tune@2");
        a.DeleteStudy("tune").Should().BeTrue();
        a.ListStudies().Select(s => s.Name).Should().Equal("tune@2");
    }

    [SkippableFact]
    public void A_store_written_by_a_newer_repro_is_refused_with_a_clear_message()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        // Arrange
        var options = PostgresUrl.Parse(server.CreateDatabase());
        PostgresStore.Open(options).Dispose();
        Execute(options, "INSERT INTO schema_version (version, applied_at) VALUES (999, 'later')");
        // Act
        var act = () => PostgresStore.Open(options);
        // Assert
        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Contain($"has schema version 999, newer than this Repro supports ({RunStore.LatestSchemaVersion})")
            .And.Contain("upgrade Repro");
    }

    [SkippableFact]
    public void A_server_that_is_not_there_is_reported_without_a_stack_trace()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        // Act
        var act = () => PostgresStore.Open($"postgres://repro@127.0.0.1:{server.Port}/no_such_database");
        // Assert
        act.Should().Throw<ReproException>().Which.Message.Should().Contain("cannot use the store").And.Contain("no_such_database");
    }

    [SkippableFact]
    public void Trials_keep_their_point_intermediate_values_and_final_state()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        // Arrange
        using var store = PostgresStore.Open(server.CreateDatabase());
        store.CreateOrLoadStudy(new StudyRecord("tune", StudyDirection.Minimize, 3));
        // Act
        var first = store.ClaimTrial("tune", n => 100 + n);
        store.SetParams(
            "tune",
            first,
            new Dictionary<string, object>
            {
                ["lr"] = 0.01,
                ["layers"] = 3L,
                ["act"] = "relu",
                ["bn"] = true,
            }
        );
        store.ReportIntermediate("tune", first, 0, 0.9);
        store.ReportIntermediate("tune", first, 1, double.NaN);
        store.ReportIntermediate("tune", first, 1, 0.5);
        store.FinishTrial("tune", first, TrialState.Complete, 0.5, null);
        var second = store.ClaimTrial("tune", n => 100 + n);
        store.FinishTrial("tune", second, TrialState.Failed, null, "out of memory");
        // Assert
        var trials = store.LoadTrials("tune");
        trials
            .Select(t => (t.Number, t.Seed, t.State, t.Value, t.Message))
            .Should()
            .Equal((0, 100L, TrialState.Complete, 0.5, null), (1, 101L, TrialState.Failed, null, "out of memory"));
        store.LoadOutcomes("tune").Should().Equal(trials.Select(TrialOutcome.Of));
        trials[0]
            .Params.Should()
            .Equal(
                new Dictionary<string, object>
                {
                    ["act"] = "relu",
                    ["bn"] = true,
                    ["layers"] = 3L,
                    ["lr"] = 0.01,
                }
            );
        trials[0].IntermediateValues.Should().Equal(new Dictionary<int, double> { [0] = 0.9, [1] = 0.5 });
        var again = () => store.FinishTrial("tune", first, TrialState.Pruned, null, null);
        again.Should().Throw<InvalidOperationException>();
    }

    [SkippableFact]
    public async Task Claims_from_many_threads_and_two_connections_never_get_the_same_number_nor_pass_the_limit()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        // Arrange
        var url = server.CreateDatabase();
        using var a = PostgresStore.Open(url);
        using var b = PostgresStore.Open(url);
        a.CreateOrLoadStudy(new StudyRecord("tune", StudyDirection.Minimize, 1));
        // Act
        var claims = await Task.WhenAll(
            Enumerable
                .Range(0, 8)
                .Select(worker =>
                    Task.Run(() =>
                    {
                        var store = worker % 2 == 0 ? a : b;
                        var mine = new List<int>();
                        while (store.TryClaimTrial("tune", n => n, maxTrials: 60) is { } number)
                            mine.Add(number);
                        return mine;
                    })
                )
        );
        // Assert
        claims.SelectMany(c => c).Should().BeEquivalentTo(Enumerable.Range(0, 60));
        a.LoadTrials("tune").Select(t => t.Number).Should().Equal(Enumerable.Range(0, 60));
    }

    [SkippableFact]
    public void A_trial_without_heartbeat_for_the_timeout_is_failed_and_one_that_beats_is_kept()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        // Arrange
        using var store = PostgresStore.Open(server.CreateDatabase("heartbeat_interval=0.1&heartbeat_timeout=0.8"));
        store.CreateOrLoadStudy(new StudyRecord("tune", StudyDirection.Minimize, 1));
        var alive = store.ClaimTrial("tune", n => n);
        var dead = store.ClaimTrial("tune", n => n);
        // Act
        var failedEarly = store.FailStaleTrials("tune");
        for (var i = 0; i < 12; i++)
        {
            Thread.Sleep(100);
            store.RecordHeartbeat("tune", [alive]);
        }
        var failed = store.FailStaleTrials("tune");
        // Assert
        failedEarly.Should().BeEmpty();
        failed.Should().Equal(dead);
        var trials = store.LoadTrials("tune");
        trials[alive].State.Should().Be(TrialState.Running);
        trials[dead].State.Should().Be(TrialState.Failed);
        trials[dead].Message.Should().Be("its worker sent no heartbeat for 0.8 s (the process died or lost the database)");
        store.FailStaleTrials("tune").Should().BeEmpty();
    }

    [SkippableFact]
    public void The_sampler_of_one_worker_sees_the_trials_another_worker_finished()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        // Arrange
        var url = server.CreateDatabase();
        using var storeA = PostgresStore.Open(url);
        using var storeB = PostgresStore.Open(url);
        var studyA = TestStudies.Create("""{"x": "uniform(-1, 1)"}""", "tpe", storage: storeA);
        var studyB = TestStudies.Create("""{"x": "uniform(-1, 1)"}""", "tpe", storage: storeB);
        studyA.Optimize(5, t => t.Float("x") * t.Float("x"));
        // Act
        var trial = studyB.Ask()!;
        // Assert
        trial.Number.Should().Be(5);
        studyB.Trials.Take(5).Should().OnlyContain(t => t.State == TrialState.Complete);
        studyB.Trials.Take(5).Select(t => t.Value).Should().Equal(studyA.Trials.Select(t => t.Value));
        studyB.Tell(trial.Number, 0.25);
        studyA.Ask()!.Number.Should().Be(6);
        studyA.Trials[5].Value.Should().Be(0.25);
    }

    private static List<string> Tables(PostgresStoreOptions options)
    {
        using var connection = new NpgsqlConnection(options.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection);
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
            tables.Add(reader.GetString(0));
        return tables;
    }

    private static void Execute(PostgresStoreOptions options, string sql)
    {
        using var connection = new NpgsqlConnection(options.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
