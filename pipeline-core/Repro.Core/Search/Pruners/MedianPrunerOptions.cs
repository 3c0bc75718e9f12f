namespace Repro.Core.Search.Pruners;

/// <summary>Options of the <c>median</c> pruner; the defaults are Optuna's MedianPruner's.</summary>
public sealed record MedianPrunerOptions
{
    /// <summary>Complete trials needed before anything is pruned.</summary>
    /// <value>The default is 5.</value>
    public int StartupTrials { get; init; } = 5;

    /// <summary>Steps a trial runs before it can be pruned (steps below this are never judged).</summary>
    /// <value>The default is 0.</value>
    public int WarmupSteps { get; init; }

    /// <summary>Judge a trial only at the first report in each interval of this many steps after the warm-up.</summary>
    /// <value>The default is 1 (every step).</value>
    public int IntervalSteps { get; init; } = 1;

    /// <summary>Complete trials that must have a value at the step being judged.</summary>
    /// <value>The default is 1.</value>
    public int MinTrials { get; init; } = 1;
}
