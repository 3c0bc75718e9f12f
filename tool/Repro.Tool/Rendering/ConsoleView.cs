using Repro.Core.Execution;
using Repro.Tool.Commands;
using Spectre.Console;

namespace Repro.Tool.Rendering;

/// <summary>How <c>repro run</c> shows a run: a live table of stages on an interactive console, plain lines otherwise.</summary>
public abstract class ConsoleView
{
    public abstract IRunObserver Observer { get; }

    /// <summary>Runs <paramref name="run"/> while the view is shown.</summary>
    public abstract Task<RunResult> RunAsync(Func<Task<RunResult>> run);

    /// <summary>The closing lines: where failed stages' logs are, and the totals.</summary>
    public virtual void Finish(RunResult result, bool dryRun, string projectDirPath)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var failed in result.Stages.Where(s => s.Status == StageStatus.Failed))
        {
            var log = Path.Combine(RunRecorder.RunsDirPath(projectDirPath), result.RunId, StageInvocation.FileNameOf(failed.Name) + ".log");
            Out.WriteLine($"{failed.Name} failed: {failed.Reason}; its output is in {Path.GetRelativePath(projectDirPath, log)}");
        }
        Out.WriteLine(RunSummary.Totals(result, dryRun));
    }

    protected abstract TextWriter Out { get; }

    public static ConsoleView Create(ToolContext context, RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var interactive =
            !settings.Json
            && !settings.DryRun
            && ReferenceEquals(context.Out, Console.Out)
            && !Console.IsOutputRedirected
            && AnsiConsole.Profile.Capabilities.Interactive;
        return interactive ? new LiveConsoleView(context) : new PlainConsoleView(context, settings);
    }

    private sealed class PlainConsoleView(ToolContext context, RunSettings settings) : ConsoleView
    {
        // With --json, stdout carries only the document: everything else goes to stderr.
        protected override TextWriter Out => settings.Json ? context.Error : context.Out;

        public override IRunObserver Observer { get; } =
            new PlainRunObserver(
                settings.Json ? context.Error : context.Out,
                settings.Json ? context.Error : context.Out,
                context.Error,
                prefixOutput: settings.Jobs > 1,
                context.Time
            );

        public override Task<RunResult> RunAsync(Func<Task<RunResult>> run) => run();
    }
}
