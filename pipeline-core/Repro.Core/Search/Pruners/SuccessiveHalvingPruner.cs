namespace Repro.Core.Search.Pruners;

/// <summary>
/// Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning", 2020): when a
/// trial reaches a rung's step, it goes on only if its value is in the top 1/reduction_factor of every value recorded
/// at that rung so far (its own included); it never waits for other trials.
/// </summary>
/// <remarks>
/// A trial's value at a rung is its intermediate value at the first reported step at or past the rung's step, so
/// the rule needs no state beyond the trials themselves: a resumed study decides exactly as before. Each rung is
/// judged once, at the report that crosses it, as Optuna's pruner does.
/// </remarks>
public sealed class SuccessiveHalvingPruner(SuccessiveHalvingPrunerOptions options) : IPruner
{
    private int? minResource = options.MinResource;

    public SuccessiveHalvingPruner()
        : this(new SuccessiveHalvingPrunerOptions()) { }

    public string Name => "asha";

    public bool ShouldPrune(Study study, Trial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        minResource ??= EstimateMinResource(study.Trials);
        return minResource is { } resource
            && ShouldPrune(
                study.Trials,
                trial,
                study.Direction,
                resource,
                options.ReductionFactor,
                options.MinEarlyStoppingRate,
                options.BootstrapCount
            );
    }

    /// <summary>The successive-halving rule over <paramref name="peers"/> (all trials, or one Hyperband bracket's).</summary>
    internal static bool ShouldPrune(
        IReadOnlyList<Trial> peers,
        Trial trial,
        StudyDirection direction,
        long minResource,
        int reductionFactor,
        int minEarlyStoppingRate,
        int bootstrapCount
    )
    {
        // Rule as in Optuna's pruners/_successive_halving.py (MIT), with rung values read from the curves.
        if (trial.LastStep is not { } step)
            return false;
        var value = trial.IntermediateValues[step];
        var previousStep = trial.IntermediateValues.Keys.Where(s => s < step).DefaultIfEmpty(-1).Max();
        for (var rung = 0; ; rung++)
        {
            var rungStep = RungStep(minResource, reductionFactor, minEarlyStoppingRate + rung);
            if (step < rungStep)
                return false;
            if (rungStep <= previousStep)
                continue; // judged at an earlier report
            if (double.IsNaN(value))
                return true;
            var competing = new List<double> { value };
            foreach (var peer in peers)
                if (peer.Number != trial.Number && ValueAtRung(peer, rungStep) is { } peerValue)
                    competing.Add(peerValue);
            if (competing.Count <= bootstrapCount)
                return true;
            if (!IsPromotable(value, competing, reductionFactor, direction))
                return true;
        }
    }

    internal static int? EstimateMinResource(IReadOnlyList<Trial> trials)
    {
        var lastSteps = trials.Where(t => t.State == TrialState.Complete).Select(t => t.LastStep).OfType<int>().ToList();
        return lastSteps.Count == 0 ? null : Math.Max(lastSteps.Max() / 100, 1);
    }

    private static long RungStep(long minResource, int reductionFactor, int exponent)
    {
        var step = minResource;
        for (var i = 0; i < exponent && step < int.MaxValue; i++)
            step *= reductionFactor;
        return step;
    }

    private static double? ValueAtRung(Trial trial, long rungStep)
    {
        foreach (var (s, v) in trial.IntermediateValues)
            if (s >= rungStep)
                return double.IsNaN(v) ? null : v;
        return null;
    }

    private static bool IsPromotable(double value, List<double> competing, int reductionFactor, StudyDirection direction)
    {
        // The top len / reduction_factor values go on, and always at least the best one.
        var index = Math.Max((competing.Count / reductionFactor) - 1, 0);
        competing.Sort();
        return direction == StudyDirection.Maximize ? value >= competing[^(index + 1)] : value <= competing[index];
    }
}
