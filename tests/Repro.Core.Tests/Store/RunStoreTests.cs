using Microsoft.Data.Sqlite;
using Repro.Core.Cache;
using Repro.Core.Fingerprint;
using Repro.Core.Store;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Store;

public class RunStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_store_is_created_at_the_latest_schema_in_wal_mode()
    {
        using var dir = TempDir.Create();

        using var store = RunStore.Open(dir.Resolve(".repro/repro.db"));

        store.SchemaVersion.Should().Be(RunStore.LatestSchemaVersion).And.BeGreaterThanOrEqualTo(1);
        Pragma(dir.Resolve(".repro/repro.db"), "journal_mode").Should().Be("wal");
    }

    [Fact]
    public void An_older_store_is_migrated_and_keeps_its_data()
    {
        using var dir = TempDir.Create();
        var db = dir.Resolve("repro.db");
        var v1 = new RunStore.Migration(1, "0001_init.sql", "CREATE TABLE notes (text TEXT NOT NULL); INSERT INTO notes VALUES ('kept');");
        var v2 = new RunStore.Migration(2, "0002_more.sql", "ALTER TABLE notes ADD COLUMN author TEXT;");
        RunStore.Open(db, [v1]).Dispose();

        using var store = RunStore.Open(db, [v1, v2]);

        store.SchemaVersion.Should().Be(2);
        Query(db, "SELECT text || ':' || COALESCE(author, '-') FROM notes").Should().Be("kept:-");
        Query(db, "SELECT COUNT(*) FROM schema_version").Should().Be("2");
    }

    [Fact]
    public void A_store_written_by_a_newer_repro_is_refused_with_a_clear_message()
    {
        using var dir = TempDir.Create();
        var db = dir.Resolve("repro.db");
        RunStore.Open(db).Dispose();
        Query(db, "INSERT INTO schema_version VALUES (999, '2030-01-01T00:00:00.0000000Z'); SELECT 1");

        var act = () => RunStore.Open(db);

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Contain($"has schema version 999, newer than this Repro supports ({RunStore.LatestSchemaVersion})")
            .And.Contain("upgrade Repro");
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_with_a_clear_message()
    {
        using var dir = TempDir.Create();
        var db = dir.Write("repro.db", new string('x', 4096));

        var act = () => RunStore.Open(db);

        act.Should().Throw<ReproException>().Which.Message.Should().Contain("is not a Repro run store");
    }

    [Fact]
    public void A_run_and_its_stage_executions_round_trip()
    {
        using var dir = TempDir.Create();
        using var store = RunStore.Open(dir.Resolve("repro.db"));
        var run = Run("r1", "bold-otter", T0);
        store.InsertRun(run);
        var train = new StageExecutionRecord(
            "r1",
            "train",
            "fp-train",
            StageStatus.Executed,
            1234,
            0,
            77,
            """{"data":"x"}""",
            """{"model.pt":"y"}""",
            "param train.lr changed"
        );
        var prepare = new StageExecutionRecord(
            "r1",
            "prepare",
            "fp-prep",
            StageStatus.Cached,
            5,
            null,
            76,
            "{}",
            "{}",
            "cached from run r0"
        );

        store.AddStageExecution(train);
        store.AddStageExecution(prepare);
        store.AddStageExecution(train with { Status = StageStatus.Failed, ExitCode = 3 });
        store.FinishRun("r1", RunStatus.Failed, T0.AddMinutes(2));

        store.TryGetRun("r1", out var read).Should().BeTrue();
        read.Should().Be(run with { Status = RunStatus.Failed, FinishedAt = T0.AddMinutes(2) });
        store.GetStageExecutions("r1").Should().Equal(train with { Status = StageStatus.Failed, ExitCode = 3 }, prepare);
        store.TryGetRun("nope", out _).Should().BeFalse();
    }

    [Fact]
    public void Runs_are_listed_newest_first_and_found_by_name_or_id_prefix()
    {
        using var dir = TempDir.Create();
        using var store = RunStore.Open(dir.Resolve("repro.db"));
        store.InsertRun(Run("a1", "first", T0));
        store.InsertRun(Run("a2", "second", T0.AddMinutes(1)));
        store.InsertRun(Run("b1", "first", T0.AddMinutes(2)));

        store.ListRuns().Select(r => r.Id).Should().Equal("b1", "a2", "a1");
        store.ListRuns(limit: 2).Select(r => r.Id).Should().Equal("b1", "a2");
        store.FindRunsByName("first").Select(r => r.Id).Should().Equal("b1", "a1");
        store.FindRunsByIdPrefix("a").Select(r => r.Id).Should().Equal("a2", "a1");
        store.ListRunNames().Should().Equal("first", "second");
    }

    [Fact]
    public void Ten_thousand_runs_are_stored_and_read_back_whole()
    {
        using var dir = TempDir.Create();
        using var store = RunStore.Open(dir.Resolve("repro.db"));
        store.InsertRuns(Enumerable.Range(0, 10_000).Select(i => Run($"run{i:D5}", $"name{i % 100}", T0.AddSeconds(i))));

        var runs = store.ListRuns();

        runs.Should().HaveCount(10_000);
        runs[0].Id.Should().Be("run09999");
        store.FindRunsByName("name7").Should().HaveCount(100);
        QueryPlan(dir.Resolve("repro.db"), "SELECT * FROM runs ORDER BY created_at DESC").Should().Contain("runs_created_at");
    }

    [Fact]
    public void Executions_and_metrics_of_many_runs_are_read_at_once_each_run_in_recorded_order()
    {
        using var dir = TempDir.Create();
        using var store = RunStore.Open(dir.Resolve("repro.db"));
        // More runs than one query takes ids (500), each with two stages recorded in an order that is not alphabetical.
        var ids = Enumerable.Range(0, 1_203).Select(i => $"run{i:D5}").ToList();
        store.InsertRuns(ids.Select((id, i) => Run(id, "trial", T0.AddSeconds(i))));
        foreach (var (i, id) in ids.Index())
        {
            store.AddStageExecution(new StageExecutionRecord(id, "train", $"fp{i}", StageStatus.Executed, 1, 0, i, "{}", "{}", null));
            store.AddStageExecution(new StageExecutionRecord(id, "eval", "fe", StageStatus.Executed, 1, 0, 7, "{}", "{}", null));
            if (i % 2 == 0)
                store.SetMetrics(id, "train", new Dictionary<string, double> { ["acc"] = i, ["loss"] = -i });
        }

        var executions = store.GetStageExecutions([.. ids, "not-a-run"]);
        var metrics = store.GetMetrics(ids);

        executions.Should().HaveCount(1_203);
        executions["run01202"].Select(e => (e.Stage, e.Fingerprint, e.Seed)).Should().Equal(("train", "fp1202", 1202L), ("eval", "fe", 7L));
        executions["run00500"].Should().Equal(store.GetStageExecutions("run00500"));
        metrics.Should().HaveCount(602);
        metrics["run01202"]["train"].Should().Equal(new Dictionary<string, double> { ["acc"] = 1202, ["loss"] = -1202 });
        metrics.Should().NotContainKey("run00001");
        store.GetMetrics(Array.Empty<string>()).Should().BeEmpty();
    }

    [Fact]
    public void Runs_are_found_by_an_environment_fact_even_among_runs_whose_environment_is_not_json()
    {
        using var dir = TempDir.Create();
        using var store = RunStore.Open(dir.Resolve("repro.db"));
        var runs = new (string Name, string Environment)[]
        {
            ("tune#0", """{"os":"linux","run_kind":"trial"}"""),
            ("tune#1", """{"run_kind":"trial"}"""),
            ("tune#upstream", """{"run_kind":"search-upstream"}"""),
            ("tune@2#0", """{"run_kind":"trial"}"""),
            ("tune#2", "not json"),
            ("tune#3", ""),
            ("tune#4", """{"run_kind":7}"""),
            ("exp-1", """{"os":"linux"}"""),
        };
        store.InsertRuns(runs.Select((r, i) => Run($"r{i}", r.Name, T0.AddSeconds(i)) with { EnvironmentJson = r.Environment }));

        var trials = store.FindRunsWithFact("tune#", "run_kind", "trial");
        var kinds = store.ListRunsWithFact("run_kind");

        trials.Select(r => r.Name).Should().Equal("tune#1", "tune#0");
        kinds
            .Select(k => (k.Run.Name, k.Fact))
            .Should()
            .Equal(
                ("exp-1", null),
                ("tune#4", null),
                ("tune#3", null),
                ("tune#2", null),
                ("tune@2#0", "trial"),
                ("tune#upstream", "search-upstream"),
                ("tune#1", "trial"),
                ("tune#0", "trial")
            );
        kinds.Select(k => k.Run).Should().Equal(store.ListRuns());
    }

    [Fact]
    public void Deleting_a_run_removes_its_executions_and_metrics()
    {
        using var dir = TempDir.Create();
        using var store = RunStore.Open(dir.Resolve("repro.db"));
        store.InsertRun(Run("r1", "x", T0));
        store.AddStageExecution(new StageExecutionRecord("r1", "train", "fp", StageStatus.Executed, 1, 0, 1, "{}", "{}", null));
        store.SetMetrics("r1", "train", new Dictionary<string, double> { ["acc"] = 0.9 });
        store.AddMetricPoints([new MetricPoint("r1", "train", 1, "loss", 0.5)]);

        store.DeleteRun("r1").Should().BeTrue();

        store.TryGetRun("r1", out _).Should().BeFalse();
        store.GetStageExecutions("r1").Should().BeEmpty();
        store.GetMetrics("r1").Should().BeEmpty();
        store.GetMetricSeries("r1").Should().BeEmpty();
    }

    [Fact]
    public void A_stage_result_round_trips_through_the_run_cache()
    {
        using var dir = TempDir.Create();
        using var store = RunStore.Open(dir.Resolve("repro.db"));
        var model = new StageOut("models/model.pt", new PathHash(ObjectId.Of("weights"u8), false, 7, 1));
        var data = new StageOut("data/fmnist", new PathHash(ObjectId.Of("manifest"u8), true, 1_000_000_000_000, 70_000));
        var result = new StageResultRecord("fp-1", "train", [model, data], """{"val_acc":0.91}""", "r1");

        store.PutStageResult(result);
        store.PutStageResult(result with { Fingerprint = "fp-2", Outs = [data] });

        store.TryGetStageResult("fp-1", out var read).Should().BeTrue();
        read.Should().BeEquivalentTo(result, o => o.WithStrictOrdering());
        store.TryGetStageResult("fp-3", out _).Should().BeFalse();
        store.ListStageResultOuts().Should().BeEquivalentTo([model.Hash, data.Hash]);
    }

    [Fact]
    public void Putting_a_result_again_for_a_fingerprint_replaces_it()
    {
        using var dir = TempDir.Create();
        using var store = RunStore.Open(dir.Resolve("repro.db"));
        var first = new StageResultRecord("fp", "train", [new StageOut("a", new PathHash(ObjectId.Of("a"u8), false, 1, 1))], "{}", "r1");
        var second = first with { Outs = [new StageOut("b", new PathHash(ObjectId.Of("b"u8), false, 1, 1))], RunId = "r2" };

        store.PutStageResult(first);
        store.PutStageResult(second);

        store.TryGetStageResult("fp", out var read).Should().BeTrue();
        read.Should().BeEquivalentTo(second);
        store.DeleteStageResult("fp").Should().BeTrue();
        store.TryGetStageResult("fp", out _).Should().BeFalse();
    }

    [Fact]
    public void Final_metrics_and_metric_series_round_trip()
    {
        using var dir = TempDir.Create();
        using var store = RunStore.Open(dir.Resolve("repro.db"));
        store.InsertRun(Run("r1", "x", T0));

        store.SetMetrics("r1", "train", new Dictionary<string, double> { ["val.acc"] = 0.9, ["val.loss"] = 0.3 });
        store.SetMetrics("r1", "train", new Dictionary<string, double> { ["val.acc"] = 0.95 });
        store.SetMetrics("r1", "evaluate", new Dictionary<string, double> { ["f1"] = 0.8 });
        store.AddMetricPoints([new MetricPoint("r1", "train", 2, "loss", 0.4), new MetricPoint("r1", "train", 1, "loss", 0.6)]);
        store.AddMetricPoints([new MetricPoint("r1", "train", 2, "loss", 0.35), new MetricPoint("r1", "evaluate", 1, "f1", 0.8)]);

        var metrics = store.GetMetrics("r1");
        metrics.Keys.Should().BeEquivalentTo("evaluate", "train");
        metrics["train"].Should().BeEquivalentTo(new Dictionary<string, double> { ["val.acc"] = 0.95 });
        store
            .GetMetricSeries("r1", "train")
            .Should()
            .Equal(new MetricPoint("r1", "train", 1, "loss", 0.6), new MetricPoint("r1", "train", 2, "loss", 0.35));
        store.GetMetricSeries("r1").Should().HaveCount(3);
    }

    [Fact]
    public void The_stat_cache_persists_only_what_changed()
    {
        using var dir = TempDir.Create();
        var db = dir.Resolve("repro.db");
        var key = new FileStatKey(10, 1000, 42, 1001);
        using (var store = RunStore.Open(db))
        {
            var cache = store.LoadStatCache();
            cache.Set("/p/a", key, ObjectId.Of("a"u8));
            cache.Set("/p/b", key, ObjectId.Of("b"u8));
            cache.SetGitBlob("0123456789abcdef0123456789abcdef01234567", ObjectId.Of("a"u8));
            store.SaveStatCache(cache).Should().Be(3);
            store.SaveStatCache(cache).Should().Be(0);
        }

        using var reopened = RunStore.Open(db);
        var loaded = reopened.LoadStatCache();
        loaded.Count.Should().Be(2);
        loaded.TryGet("/p/a", key, out var id).Should().BeTrue();
        id.Should().Be(ObjectId.Of("a"u8));
        loaded.TryGetByGitBlob("0123456789abcdef0123456789abcdef01234567", out var blobId).Should().BeTrue();
        blobId.Should().Be(ObjectId.Of("a"u8));
        loaded.Remove("/p/b");
        reopened.SaveStatCache(loaded).Should().Be(1);
        reopened.LoadStatCache().Count.Should().Be(1);
    }

    [Fact]
    public async Task An_unchanged_directory_is_answered_from_the_persisted_stat_cache_in_a_new_process()
    {
        using var dir = TempDir.Create();
        for (var i = 0; i < 20; i++)
            File.SetLastWriteTimeUtc(dir.Write($"d/f{i}.txt", $"file {i}"), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var db = dir.Resolve("repro.db");
        var later = new FixedTime(new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        PathHash first;
        using (var store = RunStore.Open(db, later))
        {
            var cache = store.LoadStatCache();
            first = await new ContentHasher(cache).HashPathAsync(dir.Resolve("d"));
            // 20 files and the directory itself.
            store.SaveStatCache(cache).Should().Be(21);
        }

        using var again = RunStore.Open(db, later);
        var reloaded = again.LoadStatCache();
        (await new ContentHasher(reloaded).HashPathAsync(dir.Resolve("d"))).Should().Be(first);
        reloaded.HasChanges.Should().BeFalse();
        // Touch one file (the directory entry misses) and poison another: only a cached file id changes the result.
        File.SetLastWriteTimeUtc(dir.Resolve("d/f4.txt"), new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var victim = dir.Resolve("d/f3.txt");
        reloaded.Set(victim, FileStatKey.Of(victim)!.Value, ObjectId.Of("poison"u8));
        var second = await new ContentHasher(reloaded).HashPathAsync(dir.Resolve("d"));

        second.Id.Should().NotBe(first.Id);
        reloaded.Count.Should().Be(20);
    }

    private static RunRecord Run(string id, string name, DateTimeOffset at) =>
        new(
            id,
            name,
            at,
            null,
            RunStatus.Running,
            "abc123",
            "main",
            false,
            null,
            "repro run",
            """{"train":{"lr":0.1}}""",
            42,
            """{"os":"linux"}"""
        );

    private static string Pragma(string db, string name) => Query(db, $"PRAGMA {name}");

    private static string Query(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private static string QueryPlan(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
            plan.Add(reader.GetString(3));
        return string.Join("\n", plan);
    }

    private sealed class FixedTime(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc);
    }
}
