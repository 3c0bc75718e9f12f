using Repro.Core.Execution;

namespace Repro.Tool.Rendering;

/// <summary>The one JSON document of <c>repro run --json</c> (contract: <c>run_id</c>, and per stage <c>name</c>, <c>status</c>, <c>duration_ms</c>, <c>reason</c>).</summary>
public sealed record RunReport(string RunId, string RunName, bool DryRun, bool Succeeded, IReadOnlyList<RunReport.StageReport> Stages)
{
    /// <param name="Status"><c>executed</c>, <c>cached</c>, <c>failed</c>, <c>skipped</c>, or <c>would-run</c> in a dry run.</param>
    public sealed record StageReport(
        string Name,
        string Status,
        long DurationMs,
        string? Reason,
        IReadOnlyList<string> Changes,
        string? Fingerprint,
        long Seed,
        int? ExitCode,
        string? CachedFromRun,
        IReadOnlyDictionary<string, double> Metrics
    );

    public static RunReport From(RunResult result, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new RunReport(
            dryRun ? "" : result.RunId,
            dryRun ? "" : result.RunName,
            dryRun,
            result.Succeeded,
            [
                .. result.Stages.Select(s => new StageReport(
                    s.Name,
                    s.Status == StageStatus.WouldRun ? "would-run" : RunSummary.Word(s.Status),
                    (long)s.Duration.TotalMilliseconds,
                    s.Reason,
                    s.Changes,
                    s.Fingerprint,
                    s.Seed,
                    s.ExitCode,
                    s.CachedFromRunId,
                    s.Metrics
                )),
            ]
        );
    }
}
