using System.Buffers.Binary;
using Repro.Tests.Shared;

namespace Repro.Tool.Tests.Commands;

[Collection("Torch")]
public class ExecStepCommandTests
{
    [Fact]
    public async Task Exec_step_is_hidden_from_help()
    {
        using var dir = TempDir.Create();

        var result = await CliRunner.RunAsync(dir, "--help");

        result.Out.Should().Contain("doctor").And.NotContain("exec-step");
    }

    [Fact]
    public async Task An_unknown_step_exits_2_with_a_suggestion()
    {
        using var dir = TempDir.Create();
        dir.Write(
            "request.json",
            """
            {"step": "data/fashion-mnst", "stage": "prepare", "project_dir_path": ".", "run_dir_path": "run", "run_id": "r1", "seed": 1}
            """
        );

        var result = await CliRunner.RunAsync(dir, "exec-step", "request.json");

        result.ExitCode.Should().Be(2);
        result.Error.Should().StartWith("error: unknown built-in step 'data/fashion-mnst'");
    }

    [Fact]
    public async Task A_malformed_request_exits_2_naming_the_file()
    {
        using var dir = TempDir.Create();
        var path = dir.Write("request.json", """{"step": "train"}""");

        var result = await CliRunner.RunAsync(dir, "exec-step", "request.json");

        result.ExitCode.Should().Be(2);
        result.Error.Should().StartWith($"error: {path}: not a valid step request:");
    }

    [Fact]
    public async Task I_can_run_a_data_step_from_a_request_file()
    {
        // Arrange: four tiny IDX files and the request the engine would write.
        using var project = TempDir.Create();
        WriteIdxSet(project.Resolve("raw"), count: 12);
        project.Write("request.json", Request("""{"source": "raw", "val_fraction": 0.25}"""));

        // Act
        var result = await CliRunner.RunAsync(project, "exec-step", "request.json");

        // Assert
        result.ExitCode.Should().Be(0, result.Error);
        result.Error.Should().Contain("prepare: data/mnist on cpu, 1 threads, seed 5, cpu-exact");
        project.Read("data/prepared/dataset.json").Should().Contain("\"train\": 9").And.Contain("\"val\": 3");
    }

    [Fact]
    public async Task A_bad_with_argument_exits_2_at_its_position_in_pipeline_yaml()
    {
        using var project = TempDir.Create();
        project.Write("request.json", Request("""{"source": "raw", "val_fraction": 1.5}"""));

        var result = await CliRunner.RunAsync(project, "exec-step", "request.json");

        result.ExitCode.Should().Be(2);
        result
            .Error.Should()
            .Contain(Environment.NewLine + "pipeline.yaml:6:21: error: 'with.val_fraction': expected a number in [0, 1), got 1.5");
    }

    private static string Request(string with) =>
        $$"""
            {
              "step": "data/mnist", "stage": "prepare", "project_dir_path": ".", "run_dir_path": ".repro/runs/r1",
              "run_id": "r1", "seed": 5, "threads": 1, "device": "cpu",
              "with": {{with}},
              "outs": ["data/prepared"],
              "locations": {
                "with": {"file_path": "pipeline.yaml", "line": 4, "column": 5},
                "with.val_fraction": {"file_path": "pipeline.yaml", "line": 6, "column": 21}
              }
            }
            """;

    private static void WriteIdxSet(string dirPath, int count)
    {
        Directory.CreateDirectory(dirPath);
        foreach (var prefix in new[] { "train", "t10k" })
        {
            var images = new byte[16 + (count * 28 * 28)];
            BinaryPrimitives.WriteUInt32BigEndian(images, 0x803);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 28);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 28);
            var labels = new byte[8 + count];
            BinaryPrimitives.WriteUInt32BigEndian(labels, 0x801);
            BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), count);
            File.WriteAllBytes(Path.Combine(dirPath, $"{prefix}-images-idx3-ubyte"), images);
            File.WriteAllBytes(Path.Combine(dirPath, $"{prefix}-labels-idx1-ubyte"), labels);
        }
    }
}
