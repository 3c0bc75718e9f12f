using Repro.Core.Cache;
using Repro.Core.Fingerprint;

namespace Repro.Core.Execution;

/// <summary>
/// What the runner (and <c>status</c>) found out about a stage before running it: its fingerprint, whether the run cache
/// knows it, and why it would run.
/// </summary>
public sealed record StagePlan
{
    /// <summary>Null when the deps cannot be hashed yet (an upstream stage would run first, or a dep is missing).</summary>
    public StageFingerprint? Fingerprint { get; init; }

    public IReadOnlyDictionary<string, ObjectId> DepIds { get; init; } = new Dictionary<string, ObjectId>();

    /// <summary>The run cache's result for this fingerprint, when it has one.</summary>
    public CachedStage? Cached { get; init; }

    /// <summary>What changed since the stage last ran (empty when nothing did).</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>One line for the user: why the stage runs, or where its result comes from.</summary>
    public required string Reason { get; init; }
}
