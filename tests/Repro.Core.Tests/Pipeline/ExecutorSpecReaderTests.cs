using Repro.Core.Pipeline;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Pipeline;

public class ExecutorSpecReaderTests
{
    [Fact]
    public void A_pipeline_executor_applies_to_every_stage_that_names_none()
    {
        // Arrange
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            executor:
              type: slurm
              partition: debug
              time: "1:30:00"
              cpus: 2
              mem: 4G
              gpus: 1
              sbatch_args: [--qos=low, --account=ml]
            stages:
              a:
                run: a
              b:
                run: b
                executor: local
            """
        );
        // Act
        var pipeline = PipelineLoader.Load(project.Path);
        // Assert
        var a = pipeline["a"].Executor!;
        a.Should()
            .BeEquivalentTo(
                new
                {
                    Type = "slurm",
                    Partition = "debug",
                    Time = "1:30:00",
                    Cpus = 2,
                    Mem = "4G",
                    Gpus = 1,
                    SbatchArgs = new[] { "--qos=low", "--account=ml" },
                }
            );
        a.At.Should().Be(new SourceLocation("pipeline.yaml", 2, 3));
        pipeline["b"].Executor!.IsSlurm.Should().BeFalse();
        pipeline.Executor.Should().BeSameAs(a);
    }

    [Fact]
    public void A_stage_without_executor_in_a_pipeline_without_one_runs_locally()
    {
        // Arrange
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages:\n  a:\n    run: a\n");
        // Act
        var pipeline = PipelineLoader.Load(project.Path);
        // Assert
        pipeline["a"].Executor.Should().BeNull();
        pipeline.Store.Should().BeNull();
    }

    [Fact]
    public void Every_problem_of_an_executor_is_reported_at_its_position()
    {
        // Arrange
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              a:
                run: a
                executor: { type: slurm, time: soon, cpus: 0, mem: lots, queue: x }
              b:
                run: b
                executor: kubernetes
            """
        );
        // Act
        var act = () => PipelineLoader.Load(project.Path);
        // Assert
        act.Should()
            .Throw<ReproException>()
            .Which.Message.ReplaceLineEndings("\n")
            .Should()
            .Be(
                """
                pipeline.yaml:4:36: error: 'time' of 'executor' of stage 'a' is 'soon', not a Slurm time
                  hint: write minutes (30), H:MM:SS (1:30:00) or D-HH:MM:SS (2-00:00:00)
                pipeline.yaml:4:48: error: expected an integer for 'cpus' of 'executor' of stage 'a' (1 or more), found '0'
                pipeline.yaml:4:56: error: 'mem' of 'executor' of stage 'a' is 'lots', not an amount of memory
                  hint: write 4G, 500M or a number of megabytes
                pipeline.yaml:4:62: error: unknown key 'queue' in 'executor' of stage 'a'
                  hint: expected one of: type, partition, time, cpus, mem, gpus, sbatch_args
                pipeline.yaml:7:15: error: unknown executor type 'kubernetes'
                  hint: use one of local, slurm
                """
            );
    }

    [Fact]
    public void A_store_url_is_checked_when_the_pipeline_loads()
    {
        // Arrange
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "store: postgres://ann:pw@db/x?sslmod=require\nstages:\n  a:\n    run: a\n");
        // Act
        var act = () => PipelineLoader.Load(project.Path);
        // Assert
        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .StartWith(
                "pipeline.yaml:1:8: error: the store URL 'postgres://ann:***@db/x?sslmod=require' is invalid: unknown parameter 'sslmod'"
            );
    }
}
