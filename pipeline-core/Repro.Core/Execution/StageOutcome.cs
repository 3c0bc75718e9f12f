using Repro.Core.Cache;

namespace Repro.Core.Execution;

/// <summary>The result of one stage in a run: a failure is an outcome, not an exception.</summary>
public sealed record StageOutcome
{
    public required string Name { get; init; }

    public required StageStatus Status { get; init; }

    /// <summary>Why it ran, why it was cached, or why it failed or was skipped, in words a user reads.</summary>
    public string? Reason { get; init; }

    /// <summary>What changed since the stage's last successful execution (<c>never run</c> when it has none).</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>For a cached stage: its outs were already in the workspace, nothing had to be restored.</summary>
    public bool OutsInPlace { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>The command's exit code when it ran.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The stage fingerprint (hex), when its deps could be hashed.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>The effective seed the stage ran (or would run) with.</summary>
    public long Seed { get; init; }

    /// <summary>For a cached stage, the run that executed it.</summary>
    public string? CachedFromRunId { get; init; }

    /// <summary>Content id of every dep, by path.</summary>
    public IReadOnlyDictionary<string, ObjectId> DepHashes { get; init; } = new Dictionary<string, ObjectId>();

    /// <summary>Content id of every output (outs, metrics, plots), by path.</summary>
    public IReadOnlyDictionary<string, ObjectId> OutHashes { get; init; } = new Dictionary<string, ObjectId>();

    /// <summary>Final metrics read from the stage's metrics files, keys flattened (<c>a.b</c>).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public bool Succeeded => Status is StageStatus.Executed or StageStatus.Cached or StageStatus.WouldRun;
}
