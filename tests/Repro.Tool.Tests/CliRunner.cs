using Repro.Tests.Shared;

namespace Repro.Tool.Tests;

/// <summary>Runs the whole command line in-process, as a user would type it, and keeps what it printed.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static async Task<Result> RunAsync(string workingDirPath, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new ToolContext(output, error, workingDirPath, TimeProvider.System);
        var exit = await ReproCli.RunAsync(args, context);
        return new Result(exit, output.ToString(), error.ToString());
    }

    public static Task<Result> RunAsync(TempDir dir, params string[] args) => RunAsync(dir.Path, args);
}
