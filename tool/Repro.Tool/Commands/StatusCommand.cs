using System.CommandLine;
using Repro.Core;
using Repro.Core.Execution;
using Repro.Core.Pipeline;
using Repro.Core.Steps;
using Repro.Tool.Rendering;

namespace Repro.Tool.Commands;

/// <summary><c>repro status [--json]</c>: per stage, up to date, or exactly what changed (dep, param with old and new value, definition, seed).</summary>
public static class StatusCommand
{
    public static Command Create(ToolContext context, Func<StepCatalog> steps)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = GlobalOptions.Json();
        var command = new Command("status", "Say per stage what is stale and why.") { json };
        command.SetAction(
            async (parse, cancellationToken) =>
            {
                var catalog = steps();
                var project = ProjectLocator.Find(context.WorkingDirPath);
                var pipeline = PipelineLoader.Load(project, new PipelineLoadOptions { Steps = catalog });
                RunResult result;
                // status is a dry run of every stage: the same planner, so status, run --dry-run and run give the same reasons.
                await using (var services = RunnerServices.Open(project, new DryRunExecutor(), steps: catalog, time: context.Time))
                    result = await new Runner(pipeline, services).RunAsync(new RunOptions(), cancellationToken);
                var reports = result.Stages.Select(StageStatusReport.From).ToList();
                if (parse.GetValue(json))
                    JsonOutput.Write(
                        context.Out,
                        new
                        {
                            Stages = reports.Select(r => new
                            {
                                r.Name,
                                State = StateWord(r.State),
                                r.Changes,
                                r.Reason,
                            }),
                        }
                    );
                else
                    Write(context.Out, reports);
                return ExitCodes.Success;
            }
        );
        return command;
    }

    /// <summary>The contract word of a state: <c>up_to_date</c>, <c>changed</c>, <c>cached</c>, <c>never_run</c>.</summary>
    public static string StateWord(StageState state) =>
        state switch
        {
            StageState.UpToDate => "up_to_date",
            StageState.Changed => "changed",
            StageState.Cached => "cached",
            _ => "never_run",
        };

    private static void Write(TextWriter output, IReadOnlyList<StageStatusReport> reports)
    {
        var width = reports.Count == 0 ? 0 : reports.Max(r => r.Name.Length);
        foreach (var report in reports)
        {
            var state = report.State switch
            {
                StageState.UpToDate => "up to date",
                StageState.Changed => "changed",
                StageState.Cached =>
                    $"changed, restorable: {report.Reason[report.Reason.IndexOf("cached from", StringComparison.Ordinal)..]}",
                _ => "never run",
            };
            output.WriteLine($"{report.Name.PadRight(width)}  {state}");
            foreach (var change in report.Changes)
                output.WriteLine($"{new string(' ', width)}    - {change}");
        }
        if (reports.All(r => r.State == StageState.UpToDate))
            output.WriteLine("Everything is up to date.");
    }
}
