namespace Repro.Core.Search;

/// <summary>Where a trial is in its life. Only <see cref="Running"/> changes; the others are final.</summary>
public enum TrialState
{
    /// <summary>Claimed and being evaluated (or, after a kill, orphaned until the study resumes).</summary>
    Running,

    /// <summary>Finished with a finite objective value.</summary>
    Complete,

    /// <summary>Stopped early by the pruner; its intermediate values still inform the sampler.</summary>
    Pruned,

    /// <summary>Crashed, was interrupted, or gave a NaN or infinite value; samplers ignore it.</summary>
    Failed,
}
