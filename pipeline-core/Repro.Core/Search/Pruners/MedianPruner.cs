namespace Repro.Core.Search.Pruners;

/// <summary>
/// Stops a trial whose best intermediate value so far is worse than the median of the complete trials' values at
/// the same step. A NaN best value is pruned at once.
/// </summary>
public sealed class MedianPruner(MedianPrunerOptions options) : IPruner
{
    public MedianPruner()
        : this(new MedianPrunerOptions()) { }

    public string Name => "median";

    public bool ShouldPrune(Study study, Trial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        // Median rule as in Optuna's pruners/_percentile.py with percentile 50 (MIT).
        var complete = study.CompleteTrials.ToList();
        if (complete.Count == 0 || complete.Count < options.StartupTrials)
            return false;
        if (trial.LastStep is not { } step || step < options.WarmupSteps || !IsFirstInInterval(trial, step))
            return false;
        var best = trial.BestValueUpTo(step, study.Direction);
        if (double.IsNaN(best))
            return true;
        var peers = complete.Select(t => t.ValueAt(step)).OfType<double>().ToList();
        if (peers.Count < options.MinTrials)
            return false;
        var median = Statistics.Median(peers);
        return !double.IsNaN(median) && study.Direction.IsWorse(best, median);
    }

    /// <summary>True when no earlier report of the trial falls in the same interval as <paramref name="step"/>.</summary>
    private bool IsFirstInInterval(Trial trial, int step)
    {
        var intervalStart = ((step - options.WarmupSteps) / options.IntervalSteps * options.IntervalSteps) + options.WarmupSteps;
        var previous = trial.IntermediateValues.Keys.Where(s => s != step).DefaultIfEmpty(-1).Max();
        return previous < intervalStart;
    }
}
