namespace Repro.Core.Execution;

/// <summary>Where a stage stands for <c>repro status</c> (contract: the <c>state</c> values of <c>status --json</c>).</summary>
public enum StageState
{
    /// <summary>Its fingerprint is the one it last ran with and its outs are in place: a run would do nothing.</summary>
    UpToDate,

    /// <summary>Something it reads changed and the cache does not know the new fingerprint: a run would execute it.</summary>
    Changed,

    /// <summary>Something changed (or its outs were touched) but the cache knows the result: a run would restore it.</summary>
    Cached,

    /// <summary>No record of it ever running.</summary>
    NeverRun,
}
