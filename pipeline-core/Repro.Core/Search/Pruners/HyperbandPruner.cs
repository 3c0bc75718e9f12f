using Repro.Core.Execution;

namespace Repro.Core.Search.Pruners;

/// <summary>
/// Hyperband (Li et al., 2018) as Optuna runs it: several successive-halving brackets, bracket b starting its rungs at
/// min_resource × reduction_factor^b, so some brackets prune early and hard and others late and gently. Each trial
/// belongs to one bracket (chosen from its number, weighted by the bracket's budget) and competes only with trials
/// of its bracket.
/// </summary>
/// <remarks>Unlike Optuna, the sampler still learns from all trials rather than from the trial's bracket only.</remarks>
public sealed class HyperbandPruner(HyperbandPrunerOptions options) : IPruner
{
    private int[]? budgets;

    public HyperbandPruner()
        : this(new HyperbandPrunerOptions()) { }

    public string Name => "hyperband";

    /// <summary>The number of brackets, once known (after the first complete trial when max_resource is automatic).</summary>
    public int? BracketCount => budgets?.Length;

    public bool ShouldPrune(Study study, Trial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        if ((budgets ??= Budgets(study.Trials)) is not { } b)
            return false;
        var bracket = BracketOf(study, trial.Number, b);
        var peers = study.Trials.Where(t => BracketOf(study, t.Number, b) == bracket).ToList();
        return SuccessiveHalvingPruner.ShouldPrune(
            peers,
            trial,
            study.Direction,
            options.MinResource,
            options.ReductionFactor,
            bracket,
            options.BootstrapCount
        );
    }

    /// <summary>The bracket of trial <paramref name="number"/>, or null before the brackets are known.</summary>
    public int? BracketOf(Study study, int number)
    {
        ArgumentNullException.ThrowIfNull(study);
        return (budgets ??= Budgets(study.Trials)) is { } b ? BracketOf(study, number, b) : null;
    }

    private static int BracketOf(Study study, int number, int[] budgets)
    {
        // A stable hash of (study, number) rather than number % total, so brackets interleave irregularly as in Optuna.
        var n = Seeds.ForTrial(Seeds.ForStage(study.Seed, "search.hyperband"), number) % budgets.Sum();
        for (var bracket = 0; bracket < budgets.Length; bracket++)
        {
            n -= budgets[bracket];
            if (n < 0)
                return bracket;
        }
        return budgets.Length - 1;
    }

    private int[]? Budgets(IReadOnlyList<Trial> trials)
    {
        var maxResource = options.MaxResource;
        if (maxResource is null)
        {
            var lastSteps = trials.Where(t => t.State == TrialState.Complete).Select(t => t.LastStep).OfType<int>().ToList();
            if (lastSteps.Count == 0)
                return null;
            maxResource = lastSteps.Max() + 1;
        }
        // Brackets: floor(log_rf(max / min)) + 1, counted in integers to avoid floating-point floor errors.
        var count = 1;
        for (long r = (long)options.MinResource * options.ReductionFactor; r <= maxResource; r *= options.ReductionFactor)
            count++;
        var result = new int[count];
        for (var bracket = 0; bracket < count; bracket++)
        {
            var s = count - 1 - bracket;
            result[bracket] = (int)Math.Ceiling(count * Math.Pow(options.ReductionFactor, s) / (s + 1));
        }
        return result;
    }
}
