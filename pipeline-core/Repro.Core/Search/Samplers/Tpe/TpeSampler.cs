using Repro.Core.Search.SearchSpace;
using RankKey = (double Progress, double Loss, int Index);

namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>
/// Tree-structured Parzen Estimator (Bergstra et al., "Algorithms for Hyper-Parameter Optimization", 2011) with
/// Optuna's defaults: after <see cref="TpeSamplerOptions.StartupTrials"/> random trials, the trials are split into a
/// good set (the best min(ceil(γ n), 25)) and the rest; a density l(x) is fitted to the good set and g(x) to the rest
/// (its most recent <see cref="TpeSamplerOptions.RecentTrials"/>), and the candidate drawn from l with the largest
/// l(x)/g(x) wins. With <see cref="TpeSamplerOptions.Multivariate"/> the parameters every trial has share one joint
/// density (Falkner et al., BOHB, 2018); otherwise, and always for conditional parameters, each parameter has its own.
/// </summary>
/// <remarks>
/// Pruned trials rank after complete ones, by how far they got and then by their last value (Optuna's rule);
/// failed trials are ignored; running trials (with <see cref="TpeSamplerOptions.ConstantLiar"/>) rank last, so
/// their points sit in g(x) and repel new proposals. A conditional parameter learns only from trials where it was
/// active. Ints are discrete cells on a linear scale and rounded on a log scale; choices are categorical.
/// </remarks>
public sealed partial class TpeSampler(TpeSamplerOptions options) : ISampler
{
    private readonly RandomSampler startup = new();

    public TpeSampler()
        : this(new TpeSamplerOptions()) { }

    public string Name => "tpe";

    public IReadOnlyDictionary<string, object>? Sample(SamplingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Split(context) is not { } split)
            return startup.Sample(context);
        var (below, above) = split;
        var joint = options.Multivariate
            ? SampleJoint(context.Space, below, above, context.Random)
            : new Dictionary<string, object>(StringComparer.Ordinal);
        return context.Space.Assign(
            (parameter, _) =>
                joint.TryGetValue(parameter.Name, out var value) ? value : SampleParameter(parameter, below, above, context.Random)
        );
    }

    /// <summary>
    /// The trial as TPE ranks it: complete ones by value, then pruned ones by how far they got and their last value,
    /// then running ones; null for one it does not learn from (failed, or running without the constant liar).
    /// </summary>
    private Observation? Observe(Trial trial, StudyDirection direction)
    {
        switch (trial.State)
        {
            case TrialState.Complete when trial.Value is { } value:
                return new(double.NegativeInfinity, direction.ToLoss(value), false);
            case TrialState.Pruned when trial.LastStep is { } step:
                var last = trial.IntermediateValues[step];
                return new(-step, double.IsNaN(last) ? double.PositiveInfinity : direction.ToLoss(last), false);
            case TrialState.Pruned:
                return new(1, 0, false);
            case TrialState.Running when options.ConstantLiar && trial.Params.Count > 0:
                return new(double.PositiveInfinity, double.PositiveInfinity, true);
            default:
                return null;
        }
    }

    /// <summary>
    /// The good trials and the others that g(x) learns from, each set in trial order (the weights fade the oldest
    /// observations); null while fewer than <see cref="TpeSamplerOptions.StartupTrials"/> trials have finished. The good
    /// set is the best min(ceil(γ n), γ max) of the n finished trials, ties going to the earlier trial (Optuna 3.1's
    /// _split_observation_pairs); g(x) takes the most recent <see cref="TpeSamplerOptions.RecentTrials"/> of the others.
    /// One pass over the trials, which neither sorts nor copies them, so a long study's split stays cheap.
    /// </summary>
    private (List<Trial> Below, List<Trial> Above)? Split(SamplingContext context)
    {
        var trials = context.Trials;
        var finished = 0;
        // The best γ max so far, in a heap whose root is the worst of them, the one a better observation replaces; the
        // good set is the best of these once the count of finished trials gives its size.
        var heap = new PriorityQueue<int, RankKey>(options.GammaMax + 1, WorstFirst);
        for (var i = 0; i < trials.Count; i++)
        {
            if (Observe(trials[i], context.Direction) is not { } o)
                continue;
            finished += o.Running ? 0 : 1;
            var key = (o.Progress, o.Loss, i);
            if (heap.Count < options.GammaMax)
                heap.Enqueue(i, key);
            else if (heap.TryPeek(out _, out var worst) && key.CompareTo(worst) < 0)
                heap.EnqueueDequeue(i, key);
        }
        if (finished < Math.Max(options.StartupTrials, 1))
            return null;
        var count = Math.Min((int)Math.Ceiling(options.Gamma * finished), options.GammaMax);
        while (heap.Count > count)
            heap.Dequeue();
        var best = new SortedSet<int>();
        while (heap.TryDequeue(out var index, out _))
            best.Add(index);
        var above = new List<Trial>(Math.Min(trials.Count, options.RecentTrials));
        for (var i = trials.Count - 1; i >= 0 && above.Count < options.RecentTrials; i--)
            if (!best.Contains(i) && Observe(trials[i], context.Direction) is not null)
                above.Add(trials[i]);
        above.Reverse();
        return ([.. best.Select(i => trials[i])], above);
    }

    private static readonly Comparer<RankKey> WorstFirst = Comparer<RankKey>.Create((a, b) => b.CompareTo(a));

    /// <summary>The values <paramref name="name"/> took in <paramref name="trials"/>, skipping trials where it was inactive.</summary>
    private static List<object> Values(List<Trial> trials, string name)
    {
        var values = new List<object>(trials.Count);
        foreach (var trial in trials)
            if (trial.Params.TryGetValue(name, out var value))
                values.Add(value);
        return values;
    }

    private readonly record struct Observation(double Progress, double Loss, bool Running);
}
