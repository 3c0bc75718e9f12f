namespace Repro.Core.Store;

/// <summary>What happened to one stage in one run.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Stage">The stage's name.</param>
/// <param name="Fingerprint">The stage's fingerprint in this run.</param>
/// <param name="Status">Executed, cached, failed or skipped.</param>
/// <param name="DurationMs">Wall time spent on the stage (restoring, for a cached one).</param>
/// <param name="ExitCode">The command's exit code; null when nothing ran.</param>
/// <param name="Seed">The stage's effective seed.</param>
/// <param name="DepHashesJson">The dep hashes taken before the stage ran (the engine's JSON shape).</param>
/// <param name="OutHashesJson">The out hashes after it ran or was restored.</param>
/// <param name="Reason">Why it ran or was restored ("param train.lr 0.1 → 0.2", "cached from run X").</param>
public sealed record StageExecutionRecord(
    string RunId,
    string Stage,
    string Fingerprint,
    StageStatus Status,
    long DurationMs,
    int? ExitCode,
    long Seed,
    string DepHashesJson,
    string OutHashesJson,
    string? Reason
);
