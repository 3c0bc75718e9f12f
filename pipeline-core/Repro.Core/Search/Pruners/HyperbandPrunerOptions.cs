namespace Repro.Core.Search.Pruners;

/// <summary>Options of the <c>hyperband</c> pruner; the defaults are Optuna's HyperbandPruner's.</summary>
public sealed record HyperbandPrunerOptions
{
    /// <summary>Steps every trial gets before the first rung of the most aggressive bracket.</summary>
    /// <value>The default is 1.</value>
    public int MinResource { get; init; } = 1;

    /// <summary>The steps a trial runs in full. Null: the first complete trial's last step + 1, and nothing is pruned before one exists.</summary>
    /// <value>The default is null (automatic).</value>
    public int? MaxResource { get; init; }

    /// <summary>The reduction factor of every bracket.</summary>
    /// <value>The default is 3.</value>
    public int ReductionFactor { get; init; } = 3;

    /// <summary>Trials that must have reached a rung before any trial is promoted from it.</summary>
    /// <value>The default is 0.</value>
    public int BootstrapCount { get; init; }
}
