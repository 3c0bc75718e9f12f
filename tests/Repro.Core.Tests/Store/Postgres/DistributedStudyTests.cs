using System.Collections.Concurrent;
using System.Diagnostics;
using Repro.Core.Search;
using Repro.Core.Store.Postgres;

namespace Repro.Core.Tests.Store.Postgres;

/// <summary>Several worker processes on one PostgreSQL study (issue #9, "Done when"): real processes, a real kill.</summary>
[Collection("Postgres")]
public class DistributedStudyTests(PostgresServer server)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [SkippableFact]
    public async Task Two_worker_processes_finish_a_40_trial_study_together_with_40_distinct_trials()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        // Arrange
        var url = server.CreateDatabase("heartbeat_interval=0.25&heartbeat_timeout=2");
        // Act
        using var a = new Worker(url, stallAt: -1);
        using var b = new Worker(url, stallAt: -1);
        var codes = await Task.WhenAll(a.ExitAsync(), b.ExitAsync());
        // Assert
        codes.Should().Equal(0, 0);
        using var store = PostgresStore.Open(url);
        var trials = store.LoadTrials("tune");
        trials.Select(t => t.Number).Should().Equal(Enumerable.Range(0, 40));
        trials.Should().OnlyContain(t => t.State == TrialState.Complete);
        a.Started.Should().NotIntersectWith(b.Started, "no trial runs twice");
        a.Started.Concat(b.Started).Should().BeEquivalentTo(Enumerable.Range(0, 40));
        a.Started.Should().NotBeEmpty();
        b.Started.Should().NotBeEmpty();
    }

    [SkippableFact]
    public async Task A_worker_killed_mid_trial_leaves_that_trial_failed_and_the_other_worker_completes_the_study()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        // Arrange
        var url = server.CreateDatabase("heartbeat_interval=0.25&heartbeat_timeout=2");
        using var doomed = new Worker(url, stallAt: 2);
        await doomed.FirstTrialAsync();
        using var survivor = new Worker(url, stallAt: -1);
        var stalled = await doomed.StalledAsync();
        // Act
        doomed.Kill();
        var code = await survivor.ExitAsync();
        // Assert
        code.Should().Be(0);
        using var store = PostgresStore.Open(url);
        var trials = store.LoadTrials("tune");
        trials.Select(t => t.Number).Should().Equal(Enumerable.Range(0, 40));
        trials[stalled].State.Should().Be(TrialState.Failed);
        trials[stalled].Message.Should().StartWith("its worker sent no heartbeat for 2 s");
        trials.Where(t => t.Number != stalled).Should().OnlyContain(t => t.State == TrialState.Complete);
        doomed.Started.Should().NotIntersectWith(survivor.Started, "no trial runs twice");
        doomed.Started.Concat(survivor.Started).Should().BeEquivalentTo(Enumerable.Range(0, 40));
    }

    /// <summary>A <see cref="StudyWorker"/> process and the trials it said it started.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly Process process;
        private readonly ConcurrentQueue<int> started = new();
        private readonly TaskCompletionSource first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<int> stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task reading;

        public Worker(string url, int stallAt)
        {
            process = ChildProcessEntry.Start("study-worker", url, "tune", "40", $"{stallAt}");
            reading = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    if (line.StartsWith("start ", StringComparison.Ordinal))
                    {
                        started.Enqueue(int.Parse(line[6..], System.Globalization.CultureInfo.InvariantCulture));
                        first.TrySetResult();
                    }
                    else if (line.StartsWith("stalled ", StringComparison.Ordinal))
                        stalled.TrySetResult(int.Parse(line[8..], System.Globalization.CultureInfo.InvariantCulture));
                }
                first.TrySetException(new InvalidOperationException("the worker ended before starting a trial"));
                stalled.TrySetException(new InvalidOperationException("the worker ended without stalling"));
            });
        }

        public IReadOnlyList<int> Started => [.. started];

        public Task FirstTrialAsync() => first.Task.WaitAsync(Patience);

        public Task<int> StalledAsync() => stalled.Task.WaitAsync(Patience);

        public void Kill()
        {
            process.Kill();
            process.WaitForExit();
        }

        public async Task<int> ExitAsync()
        {
            using var timeout = new CancellationTokenSource(Patience);
            await process.WaitForExitAsync(timeout.Token);
            await reading;
            return process.ExitCode;
        }

        public void Dispose()
        {
            if (!process.HasExited)
                process.Kill();
            process.Dispose();
        }
    }
}
