namespace Repro.Core.Store;

/// <summary>Where a run stands. Stored as its lowercase name.</summary>
public enum RunStatus
{
    /// <summary>Started and not finished (or killed before it could say so).</summary>
    Running,

    /// <summary>Every requested stage executed or was restored.</summary>
    Succeeded,

    /// <summary>At least one stage failed.</summary>
    Failed,

    /// <summary>Stopped by the user (Ctrl+C).</summary>
    Interrupted,

    /// <summary>A search trial that the pruner stopped early (its stages may have succeeded on fewer epochs).</summary>
    Pruned,
}
