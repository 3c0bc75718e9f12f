using System.Text.RegularExpressions;
using Repro.Core.Execution;
using Repro.Core.Execution.Slurm;
using Repro.Core.Search;
using Repro.Core.Search.Execution;
using Repro.Core.Store;
using Repro.Core.Tests.Search.Execution;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Execution.Slurm;

/// <summary>A <c>uses: search</c> stage whose target has <c>executor: slurm</c> (issue #9, "Done when"): trials are Slurm jobs.</summary>
[Collection("Slurm")]
public partial class SlurmSearchTests(SlurmCluster cluster)
{
    // 5 * x * x steps of 0.1 s (0.5 s for x = 1, 8 s for x = 4), one metrics line each, whatever $REPRO_CONTROL says:
    // a pruned trial only stops when it is killed.
    private const string Pipeline = """
        seed: 7
        params: params.yaml
        stages:
          train:
            run: >-
              sh -c 'i=0; while [ $i -lt $((${train.x} * ${train.x} * 5)) ]; do i=$((i+1));
              echo "{\"step\": $i, \"loss\": ${train.x}}" >> "$REPRO_METRICS_STREAM"; sleep 0.1; done;
              mkdir -p metrics; echo "{\"loss\": ${train.x}}" > metrics/train.json'
            metrics: [metrics/train.json]
            executor: { type: slurm, time: "5", cpus: 1 }
          tune:
            uses: search
            with:
              stage: train
              space: { train.x: "choice(1, 4)" }
              sampler: grid
              trials: 2
              pruner: { type: median, startup_trials: 1 }
              prune_grace: 0.3
              objective: { metric: loss, direction: minimize }
            outs: [search/]
        """;

    [SkippableFact]
    public async Task Every_trial_is_a_Slurm_job_and_a_pruned_trial_that_does_not_stop_has_its_job_cancelled_after_the_grace_period()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        // Arrange
        using var project = TempDir.Create();
        project.Write("params.yaml", "train:\n  x: 1\n");
        project.Write("pipeline.yaml", Pipeline);
        var options = new SlurmOptions { Environment = cluster.Environment, PollInterval = TimeSpan.FromMilliseconds(100) };
        // Act
        var (result, log) = await SearchRun.RunAsync(
            project,
            "tune",
            new SearchExecutorOptions
            {
                TrialExecutor = threads => new SlurmExecutor(new CommandExecutor(null, threads), null, options),
                PollInterval = TimeSpan.FromMilliseconds(50),
            }
        );
        // Assert
        result.Succeeded.Should().BeTrue(log);
        using var store = RunStore.Open(project.Resolve(".repro/repro.db"));
        store.LoadTrials("tune").Select(t => t.State).Should().Equal([TrialState.Complete, TrialState.Pruned], log);
        var jobs = new List<string>();
        foreach (var name in new[] { "tune#0", "tune#1" })
        {
            var run = store.FindRunsByName(name).Single();
            // What `repro exp show tune#N` prints as the stage's reason.
            var reason = store.GetStageExecutions(run.Id).SingleOrDefault(s => s.Stage == "train")?.Reason;
            var job = SlurmJob().Match(reason ?? "");
            job.Success.Should().BeTrue($"{name}'s train stage names its Slurm job, not '{reason}'\n{log}");
            jobs.Add(job.Groups[1].Value);
        }
        var pruned = store.FindRunsByName("tune#1").Single();
        pruned.Status.Should().Be(RunStatus.Pruned);
        store.GetMetricSeries(pruned.Id, "train").Should().NotBeEmpty().And.HaveCountLessThan(80, "its curve stops where it was killed");
        cluster.ShowJob(jobs[0]).Should().Contain("JobState=COMPLETED");
        (await cluster.JobStateAsync(jobs[1], "CANCELLED"))
            .Should()
            .Be("CANCELLED", "the pruned trial ignored its control file for longer than prune_grace");
        log.Should().Contain($"cancelled Slurm job {jobs[1]}");
    }

    [GeneratedRegex(@"\(Slurm job (\d+)\)$")]
    private static partial Regex SlurmJob();
}
