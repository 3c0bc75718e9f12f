using Repro.Core.Execution;
using Repro.Core.Pipeline;
using Repro.Core.Search.Execution;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Search.Execution;

/// <summary>Runs a project's <c>uses: search</c> stage in-process, as <c>repro run STAGE</c> does, with the given search options.</summary>
internal static class SearchRun
{
    /// <summary>The run's result and the search stage's log (<c>STAGE.log</c>: trial lines, progress, trial output).</summary>
    public static async Task<(RunResult Result, string Log)> RunAsync(TempDir project, string stage, SearchExecutorOptions options)
    {
        RunResult result;
        await using (
            var services = RunnerServices.Open(project.Path, new CommandExecutor(null), searchExecutor: s => new SearchExecutor(s, options))
        )
            result = await new Runner(PipelineLoader.Load(project.Path), services).RunAsync(
                new RunOptions { Targets = [stage] },
                CancellationToken.None
            );
        var logs = Directory.GetFiles(project.Resolve(".repro/runs"), $"{stage}.log", SearchOption.AllDirectories);
        return (result, logs.Length == 1 ? await File.ReadAllTextAsync(logs[0]) : "");
    }
}
