using System.Collections.Concurrent;
using Repro.Core.Execution;
using Repro.Core.Execution.Slurm;
using Repro.Core.Pipeline;
using Repro.Core.Store;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Execution.Slurm;

[Collection("Slurm")]
public class SlurmExecutorTests(SlurmCluster cluster)
{
    [SkippableFact]
    public async Task A_stage_with_executor_slurm_runs_as_a_job_whose_id_is_in_the_run_record()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        // Arrange
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            executor: { type: slurm, time: "5", cpus: 1 }
            stages:
              hello:
                run: sh -c "echo hello from job $SLURM_JOB_ID; mkdir -p out; echo $REPRO_SEED > out/seed.txt"
                outs: [out/seed.txt]
              local:
                run: sh -c "echo $SLURM_JOB_ID > here.txt"
                deps: [out/seed.txt]
                outs: [here.txt]
                executor: local
            """
        );
        var observer = new Lines();
        // Act
        var result = await RunAsync(project, observer);
        // Assert
        result.Succeeded.Should().BeTrue(string.Join('\n', observer.All));
        var hello = result.Stages.Single(s => s.Name == "hello");
        var jobId = observer.JobId();
        hello.Reason.Should().EndWith($"(Slurm job {jobId})");
        project.Read("out/seed.txt").Trim().Should().Be($"{PipelineLoader.Load(project.Path)["hello"].Seed}");
        observer.All.Should().Contain($"hello from job {jobId}");
        project.Read("here.txt").Trim().Should().BeEmpty("a stage without executor: slurm runs locally");
        using var store = RunStore.Open(project.Resolve(".repro/repro.db"));
        store.GetStageExecutions(result.RunId).Single(s => s.Stage == "hello").Reason.Should().Contain($"Slurm job {jobId}");
        cluster.ShowJob(jobId).Should().Contain("JobState=COMPLETED");
    }

    [SkippableFact]
    public async Task A_job_that_exits_with_3_fails_its_stage_with_exit_code_3()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        // Arrange
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages:\n  broken:\n    run: sh -c \"echo about to fail; exit 3\"\n    executor: slurm\n");
        var observer = new Lines();
        // Act
        var result = await RunAsync(project, observer);
        // Assert
        var broken = result.Stages.Single();
        broken.Status.Should().Be(Repro.Core.Execution.StageStatus.Failed);
        broken.ExitCode.Should().Be(3);
        broken.Reason.Should().Be($"exit code 3 (Slurm job {observer.JobId()})");
        observer.All.Should().Contain("about to fail");
    }

    [SkippableFact]
    public async Task Interrupting_the_run_cancels_the_job_and_the_record_names_it()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        // Arrange
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages:\n  slow:\n    run: sh -c \"echo started; sleep 300\"\n    executor: slurm\n");
        var observer = new Lines();
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(project, observer, cancel.Token);
        await observer.WaitForAsync("started");
        // Act
        await cancel.CancelAsync();
        var act = () => run;
        // Assert
        await act.Should().ThrowAsync<OperationCanceledException>();
        var jobId = observer.JobId();
        observer.All.Should().Contain($"cancelled Slurm job {jobId}");
        (await cluster.JobStateAsync(jobId, "CANCELLED")).Should().Be("CANCELLED");
        using var store = RunStore.Open(project.Resolve(".repro/repro.db"));
        var record = store.ListRuns().Single();
        record.Status.Should().Be(RunStatus.Interrupted);
        store.GetStageExecutions(record.Id).Single().Reason.Should().Be($"cancelled (Slurm job {jobId})", "exp show names the job");
    }

    [Fact]
    public void The_sbatch_line_carries_every_executor_option_and_the_script_quotes_every_argument()
    {
        // Arrange
        var spec = new ExecutorSpec
        {
            Type = ExecutorSpec.Slurm,
            At = new SourceLocation("pipeline.yaml", 1, 1),
            Partition = "gpu",
            Time = "1:00:00",
            Cpus = 4,
            Mem = "16G",
            Gpus = 1,
            SbatchArgs = ["--qos=low"],
        };
        // Act
        var args = SlurmExecutor.SbatchArguments(spec, "train@a b", "/p", "/p/.repro/runs/r/train.slurm.out");
        // Assert
        args.Should()
            .Equal(
                "sbatch",
                "--parsable",
                "--job-name=repro-train@a_b",
                "--chdir=/p",
                "--output=/p/.repro/runs/r/train.slurm.out",
                "--partition=gpu",
                "--time=1:00:00",
                "--cpus-per-task=4",
                "--mem=16G",
                "--gpus=1",
                "--qos=low"
            );
    }

    private async Task<RunResult> RunAsync(TempDir project, IRunObserver observer, CancellationToken cancellationToken = default)
    {
        var pipeline = PipelineLoader.Load(project.Path);
        var executor = new SlurmExecutor(
            new CommandExecutor(null),
            null,
            new SlurmOptions { Environment = cluster.Environment, PollInterval = TimeSpan.FromMilliseconds(200) }
        );
        await using var services = RunnerServices.Open(project.Path, executor, observer);
        return await new Runner(pipeline, services).RunAsync(new RunOptions(), cancellationToken);
    }

    /// <summary>Every line the stages printed, as the console would show them.</summary>
    private sealed class Lines : IRunObserver
    {
        private readonly ConcurrentQueue<string> lines = new();

        public IReadOnlyList<string> All => [.. lines];

        public string JobId() =>
            All.Single(l => l.StartsWith("submitted Slurm job ", StringComparison.Ordinal))["submitted Slurm job ".Length..];

        public async Task WaitForAsync(string line)
        {
            for (var i = 0; i < 300 && !All.Contains(line); i++)
                await Task.Delay(100);
            All.Should().Contain(line);
        }

        public void RunStarted(ActiveRun run) { }

        public void StageStarted(string stage, string reason) { }

        public void StageOutput(string stage, string line, bool isError) => lines.Enqueue(line);

        public void StageFinished(StageOutcome outcome) { }

        public void Hashing(string path, Repro.Core.Fingerprint.HashProgress progress) { }
    }
}
