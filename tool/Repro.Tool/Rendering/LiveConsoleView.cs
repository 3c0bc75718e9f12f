using Repro.Core.Execution;
using Repro.Core.Fingerprint;
using Spectre.Console;

namespace Repro.Tool.Rendering;

/// <summary>
/// The interactive view of <c>repro run</c>: one table row per stage with its state, time and latest output line, and a
/// hashing row with bytes and files while a large dep is hashed. Full output is in each stage's log; a failed stage's last
/// lines are printed when the run ends.
/// </summary>
public sealed class LiveConsoleView(ToolContext context) : ConsoleView, IRunObserver
{
    private const int TailLines = 20;
    private readonly System.Threading.Lock gate = new();
    private readonly Table table = new Table().Border(TableBorder.Rounded).AddColumns("stage", "state", "time", "detail");
    private readonly Dictionary<string, int> rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<string>> tails = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> started = new(StringComparer.Ordinal);
    private LiveDisplayContext? live;
    private int hashingRow = -1;

    public override IRunObserver Observer => this;

    protected override TextWriter Out => context.Out;

    public override async Task<RunResult> RunAsync(Func<Task<RunResult>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        RunResult? result = null;
        await AnsiConsole
            .Live(table)
            .AutoClear(false)
            .StartAsync(async ctx =>
            {
                lock (gate)
                    live = ctx;
                result = await run();
            });
        return result!;
    }

    public override void Finish(RunResult result, bool dryRun, string projectDirPath)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var failed in result.Stages.Where(s => s.Status == StageStatus.Failed))
        {
            if (!tails.TryGetValue(failed.Name, out var tail) || tail.Count == 0)
                continue;
            AnsiConsole.MarkupLine($"[red]── last lines of {Markup.Escape(failed.Name)} ──[/]");
            foreach (var line in tail)
                AnsiConsole.WriteLine(line);
        }
        base.Finish(result, dryRun, projectDirPath);
    }

    public void RunStarted(ActiveRun run) { }

    public void StageStarted(string stage, string reason)
    {
        lock (gate)
        {
            started[stage] = context.Time.GetTimestamp();
            Set(stage, "[yellow]running[/]", "", Markup.Escape(reason));
        }
    }

    public void StageOutput(string stage, string line, bool isError)
    {
        lock (gate)
        {
            var tail = tails.TryGetValue(stage, out var q) ? q : tails[stage] = new Queue<string>();
            tail.Enqueue(line);
            if (tail.Count > TailLines)
                tail.Dequeue();
            var elapsed = started.TryGetValue(stage, out var t) ? Sizes.Duration(context.Time.GetElapsedTime(t)) : "";
            Set(stage, "[yellow]running[/]", elapsed, Markup.Escape(line.Length > 80 ? line[..80] + "…" : line));
        }
    }

    public void StageFinished(StageOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var state = outcome.Status switch
        {
            StageStatus.Executed => "[green]executed[/]",
            StageStatus.Cached => "[blue]cached[/]",
            StageStatus.Failed => "[red]failed[/]",
            _ => "[grey]skipped[/]",
        };
        lock (gate)
            Set(outcome.Name, state, Sizes.Duration(outcome.Duration), Markup.Escape(outcome.Reason ?? ""));
    }

    public void Hashing(string path, HashProgress progress)
    {
        var done = progress.BytesDone >= progress.BytesTotal && progress.FilesDone >= progress.FilesTotal;
        // Small or stat-cached deps finish at once: only a real hashing job earns a row.
        if (hashingRow < 0 && (done || progress.BytesTotal < 64L << 20))
            return;
        lock (gate)
        {
            var text =
                $"{Sizes.Bytes(progress.BytesDone)} of {Sizes.Bytes(progress.BytesTotal)}, {progress.FilesDone} of {progress.FilesTotal} files";
            if (hashingRow < 0)
            {
                table.AddRow(Markup.Escape(path), "[yellow]hashing[/]", "", text);
                hashingRow = table.Rows.Count - 1;
            }
            else
            {
                table.UpdateCell(hashingRow, 0, Markup.Escape(path));
                table.UpdateCell(hashingRow, 1, done ? "[green]hashed[/]" : "[yellow]hashing[/]");
                table.UpdateCell(hashingRow, 3, text);
            }
            live?.Refresh();
        }
    }

    private void Set(string stage, string state, string time, string detail)
    {
        if (!rows.TryGetValue(stage, out var row))
        {
            table.AddRow(Markup.Escape(stage), state, time, detail);
            rows[stage] = table.Rows.Count - 1;
        }
        else
        {
            table.UpdateCell(row, 1, state);
            table.UpdateCell(row, 2, time);
            table.UpdateCell(row, 3, detail);
        }
        live?.Refresh();
    }
}
