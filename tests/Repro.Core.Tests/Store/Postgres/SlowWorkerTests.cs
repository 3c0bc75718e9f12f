using Repro.Core.Search;
using Repro.Core.Search.Execution;
using Repro.Core.Store.Postgres;
using Repro.Core.Tests.Search;
using Repro.Core.Tests.Search.Execution;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Store.Postgres;

/// <summary>
/// A worker that was silent for longer than the heartbeat timeout (it stalled, or lost the database) and whose running trial
/// another worker has therefore marked failed (issue #9): its late result does not overwrite that, and it goes on.
/// </summary>
[Collection("Postgres")]
public class SlowWorkerTests(PostgresServer server)
{
    private const string Space = """{"x": "uniform(-1, 1)"}""";

    [SkippableFact]
    public void A_result_told_after_another_worker_failed_the_silent_trial_is_discarded_and_the_slow_worker_goes_on()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        // Arrange
        using var workers = new Workers(server);
        var slow = TestStudies.Create(Space, storage: workers.Slow);
        var other = TestStudies.Create(Space, storage: workers.Other);
        var discarded = new List<(Trial Stored, Trial Discarded)>();
        slow.ResultDiscarded += (stored, result) => discarded.Add((stored, result));
        var trial = slow.Ask()!;
        slow.Report(trial.Number, 0, 0.5);
        Thread.Sleep(800);
        other.Ask()!.Number.Should().Be(1, "the other worker failed trial 0 as stale before claiming");
        slow.Report(trial.Number, 1, 0.4);
        // Act
        var told = slow.Tell(trial.Number, 0.25);
        // Assert
        var stored = workers.Other.LoadTrials("study")[trial.Number];
        stored.State.Should().Be(TrialState.Failed);
        stored.Value.Should().BeNull();
        stored.Message.Should().Be("its worker sent no heartbeat for 0.5 s (the process died or lost the database)");
        stored.IntermediateValues.Should().Equal(new Dictionary<int, double> { [0] = 0.5 }, "a finished trial takes no more values");
        (told.State, told.Value, told.Message).Should().Be((stored.State, stored.Value, stored.Message));
        discarded.Should().ContainSingle();
        discarded[0].Stored.State.Should().Be(TrialState.Failed);
        discarded[0].Discarded.Should().Match<Trial>(t => t.Number == 0 && t.State == TrialState.Complete && t.Value == 0.25);
        slow.Ask()!.Number.Should().Be(2, "the slow worker goes on with the study");
        slow.Trials[0].State.Should().Be(TrialState.Failed);
    }

    [SkippableFact]
    public void A_slow_worker_in_optimize_goes_on_after_its_trial_was_failed_by_another_worker()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        // Arrange
        using var workers = new Workers(server);
        var slow = TestStudies.Create(Space, storage: workers.Slow);
        var discarded = 0;
        slow.ResultDiscarded += (_, _) => discarded++;
        // Act: while its first trial runs, another worker finds it silent and fails it.
        slow.Optimize(
            3,
            t =>
            {
                if (t.Number == 0)
                {
                    Thread.Sleep(800);
                    workers.Other.FailStaleTrials("study").Should().Equal(0);
                }
                return t.Float("x");
            }
        );
        // Assert
        discarded.Should().Be(1);
        workers.Other.LoadTrials("study").Select(t => t.State).Should().Equal(TrialState.Failed, TrialState.Complete, TrialState.Complete);
    }

    [SkippableFact]
    public async Task A_search_whose_trial_another_worker_failed_logs_that_its_result_is_discarded_and_finishes_the_study()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        // Arrange: a trial waits for the go file, which appears once another worker has failed trial 0 for its silence.
        using var workers = new Workers(server);
        using var project = TempDir.Create();
        var go = project.Resolve("go");
        project.Write("params.yaml", "train: { x: 1.0 }\n");
        project.Write(
            "pipeline.yaml",
            $$$"""
            seed: 7
            params: params.yaml
            stages:
              train:
                run: >-
                  sh -c 'while [ ! -f {{{go}}} ]; do sleep 0.05; done;
                  mkdir -p metrics; echo "{\"loss\": ${train.x}}" > metrics/train.json'
                metrics: [metrics/train.json]
              tune:
                uses: search
                with:
                  stage: train
                  space: { train.x: "uniform(0, 5)" }
                  trials: 2
                  objective: { metric: loss, direction: minimize }
                outs: [search/]
            """
        );
        var otherWorker = Task.Run(async () =>
        {
            while (workers.Other.TryLoadStudy("tune") is null || workers.Other.FailStaleTrials("tune") is not [0])
                await Task.Delay(50);
            await File.WriteAllTextAsync(go, "");
        });
        // Act
        var (result, log) = await SearchRun.RunAsync(
            project,
            "tune",
            new SearchExecutorOptions
            {
                Storage = workers.Slow,
                FailOrphanedTrials = false,
                PollInterval = TimeSpan.FromMilliseconds(50),
            }
        );
        await otherWorker.WaitAsync(TimeSpan.FromSeconds(30));
        // Assert
        result.Succeeded.Should().BeTrue(log);
        var trials = workers.Other.LoadTrials("tune");
        trials.Select(t => t.State).Should().Equal([TrialState.Failed, TrialState.Complete], log);
        trials[0].Message.Should().StartWith("its worker sent no heartbeat for 0.5 s");
        log.Should()
            .Contain("#0: its result (complete, loss ")
            .And.Contain(
                ") is discarded: another worker had marked the trial failed by heartbeat timeout (its worker sent no heartbeat for 0.5 s"
            );
    }

    /// <summary>Two workers' stores on one new database: the slow one's heartbeats never arrive, the other fails trials silent for 0.5 s.</summary>
    private sealed class Workers : IDisposable
    {
        public Workers(PostgresServer server)
        {
            var url = server.CreateDatabase();
            Slow = PostgresStore.Open(url + "?heartbeat_interval=300&heartbeat_timeout=600");
            Other = PostgresStore.Open(url + "?heartbeat_interval=0.1&heartbeat_timeout=0.5");
        }

        public PostgresStore Slow { get; }

        public PostgresStore Other { get; }

        public void Dispose()
        {
            Slow.Dispose();
            Other.Dispose();
        }
    }
}
