using Repro.Core.Execution;
using Repro.Core.Pipeline;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Execution;

public class CommandExecutorTests
{
    [Fact]
    public async Task A_command_is_told_its_declared_outs_metrics_plots_and_run_folder()
    {
        // Arrange
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              a:
                run: sh -c 'mkdir -p m p o; echo "$REPRO_OUTS|$REPRO_METRICS_FILES|$REPRO_PLOT_FILES" > o/env.txt; echo "$REPRO_RUN_DIR" > o/run.txt; echo "{}" > m/a.json; echo x > p/a.csv; echo x > o/model.pt'
                outs: [o/model.pt, o/env.txt, o/run.txt]
                metrics: [m/a.json]
                plots: [p/a.csv]
            """
        );
        var pipeline = PipelineLoader.Load(project.Path);
        await using var services = RunnerServices.Open(project.Path, new CommandExecutor(null));

        // Act
        var result = await new Runner(pipeline, services).RunAsync(new RunOptions(), CancellationToken.None);

        // Assert
        project.Read("o/env.txt").Should().Be("o/model.pt:o/env.txt:o/run.txt|m/a.json|p/a.csv\n");
        var runDirPath = project.Read("o/run.txt").Trim();
        Path.GetFileName(runDirPath).Should().Be(result.RunId);
        Directory.Exists(runDirPath).Should().BeTrue();
    }
}
