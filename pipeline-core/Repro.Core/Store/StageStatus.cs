namespace Repro.Core.Store;

/// <summary>What happened to a stage in a run. Stored as its lowercase name (the <c>--json</c> contract's words).</summary>
public enum StageStatus
{
    /// <summary>Its command or step ran.</summary>
    Executed,

    /// <summary>Its fingerprint was known: outs restored from the cache, nothing ran.</summary>
    Cached,

    /// <summary>It ran and failed (non-zero exit, or a dep changed while it ran).</summary>
    Failed,

    /// <summary>It did not run because a stage it needs failed.</summary>
    Skipped,
}
