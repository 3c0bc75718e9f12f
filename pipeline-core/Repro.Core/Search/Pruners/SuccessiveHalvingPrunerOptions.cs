namespace Repro.Core.Search.Pruners;

/// <summary>Options of the <c>asha</c> pruner (asynchronous successive halving); the defaults are Optuna's SuccessiveHalvingPruner's.</summary>
public sealed record SuccessiveHalvingPrunerOptions
{
    /// <summary>
    /// Steps every trial gets before the first rung. Null: estimated as max(last step / 100, 1) from the first
    /// complete trial, and nothing is pruned before one exists.
    /// </summary>
    /// <value>The default is null (automatic).</value>
    public int? MinResource { get; init; }

    /// <summary>Rung r is at step min_resource × reduction_factor^(min_early_stopping_rate + r); the top 1/reduction_factor of a rung goes on.</summary>
    /// <value>The default is 4.</value>
    public int ReductionFactor { get; init; } = 4;

    /// <summary>Skips the first rungs: the first rung is at min_resource × reduction_factor^rate.</summary>
    /// <value>The default is 0.</value>
    public int MinEarlyStoppingRate { get; init; }

    /// <summary>Trials that must have reached a rung before any trial is promoted from it (earlier ones are pruned).</summary>
    /// <value>The default is 0.</value>
    public int BootstrapCount { get; init; }
}
