using Repro.Core.Execution;
using Repro.Core.Fingerprint;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Repro.Tool.Rendering;

/// <summary>
/// The run's structured log, <c>.repro/runs/&lt;id&gt;/log.jsonl</c> (Serilog, compact JSON): every stage start, end,
/// reason, fingerprint and hashing time. With <c>-v</c> the same events also go to stderr.
/// </summary>
public sealed class LogRunObserver(bool verbose) : IRunObserver, IDisposable
{
    private Serilog.Core.Logger? logger;

    public void RunStarted(ActiveRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .WriteTo.File(new CompactJsonFormatter(), Path.Combine(run.RunDirPath, "log.jsonl"));
        if (verbose)
            configuration = configuration.WriteTo.Console(
                outputTemplate: "{Message:lj}{NewLine}",
                standardErrorFromLevel: LogEventLevel.Verbose,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture
            );
        logger = configuration.CreateLogger();
        logger.Information("Run {RunId} ({RunName}) started", run.RunId, run.RunName);
    }

    public void StageStarted(string stage, string reason) => logger?.Information("Stage {Stage} started: {Reason}", stage, reason);

    public void StageOutput(string stage, string line, bool isError) { }

    public void StageFinished(StageOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        logger?.Information(
            "Stage {Stage} {Status} in {DurationMs} ms: {Reason}; fingerprint {Fingerprint}, seed {Seed}, exit code {ExitCode}",
            outcome.Name,
            RunSummary.Word(outcome.Status),
            (long)outcome.Duration.TotalMilliseconds,
            outcome.Reason,
            outcome.Fingerprint,
            outcome.Seed,
            outcome.ExitCode
        );
        foreach (var (path, id) in outcome.DepHashes)
            logger?.Debug("Stage {Stage} dep {Path} = {ObjectId}", outcome.Name, path, id.ToString());
        foreach (var (path, id) in outcome.OutHashes)
            logger?.Debug("Stage {Stage} out {Path} = {ObjectId}", outcome.Name, path, id.ToString());
    }

    public void Hashing(string path, HashProgress progress)
    {
        if (progress.FilesDone == progress.FilesTotal && progress.BytesDone == progress.BytesTotal)
            logger?.Debug("Hashed {Path}: {Bytes} bytes, {Files} files", path, progress.BytesTotal, progress.FilesTotal);
    }

    /// <summary>The closing event of the run.</summary>
    public void RunFinished(RunResult result) =>
        logger?.Information("Run {RunId} finished: {Succeeded}", result.RunId, result.Succeeded ? "succeeded" : "failed");

    public void Dispose() => logger?.Dispose();
}
