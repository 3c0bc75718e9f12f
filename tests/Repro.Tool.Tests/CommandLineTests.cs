using System.Text.Json;
using Repro.Tests.Shared;

namespace Repro.Tool.Tests;

public class CommandLineTests
{
    [Fact]
    public async Task Help_lists_every_verb_of_the_design()
    {
        using var dir = TempDir.Create();

        var result = await CliRunner.RunAsync(dir, "--help");

        result.ExitCode.Should().Be(0);
        foreach (
            var verb in new[] { "init", "run", "status", "dag", "exp", "diff", "verify", "doctor", "plots", "search", "push", "pull", "gc" }
        )
            result.Out.Should().MatchRegex($@"(?m)^\s+{verb}\b", $"'{verb}' is a verb of DESIGN.md §5");
    }

    [Fact]
    public async Task An_unknown_verb_exits_2_with_a_clear_message()
    {
        using var dir = TempDir.Create();

        var result = await CliRunner.RunAsync(dir, "frobnicate");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("Unrecognized command or argument 'frobnicate'");
        result.Out.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unknown_option_exits_2()
    {
        using var dir = TempDir.Create();

        var result = await CliRunner.RunAsync(dir, "doctor", "--frob");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("--frob");
    }

    [Fact]
    public async Task Version_prints_the_tool_version()
    {
        using var dir = TempDir.Create();

        var result = await CliRunner.RunAsync(dir, "--version");

        result.ExitCode.Should().Be(0);
        result.Out.Trim().Should().Be(ToolVersion.Current);
    }
}
