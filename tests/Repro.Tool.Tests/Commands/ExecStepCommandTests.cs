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
}
