namespace Repro.Core.Execution;

/// <summary>What happened to a stage in a run (contract: the <c>status</c> values of <c>repro run --json</c>).</summary>
public enum StageStatus
{
    /// <summary>The stage's command or step ran and succeeded.</summary>
    Executed,

    /// <summary>The fingerprint was known: outs were already in place or were restored from the cache; nothing ran.</summary>
    Cached,

    /// <summary>The command failed, was interrupted, changed its own deps, or did not write a declared out.</summary>
    Failed,

    /// <summary>Not run because a stage it needs failed or was skipped.</summary>
    Skipped,

    /// <summary><c>--dry-run</c>: the stage would run.</summary>
    WouldRun,
}
