using Repro.Core.Search.SearchSpace;

namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>
/// Tree-structured Parzen Estimator (Bergstra et al., "Algorithms for Hyper-Parameter Optimization", 2011) with
/// Optuna's defaults: after <see cref="TpeSamplerOptions.StartupTrials"/> random trials, the trials are split into a
/// good set (the best min(ceil(γ n), 25)) and the rest; a density l(x) is fitted to the good set and g(x) to the rest,
/// and the candidate drawn from l with the largest l(x)/g(x) wins. With <see cref="TpeSamplerOptions.Multivariate"/>
/// the parameters every trial has share one joint density (Falkner et al., BOHB, 2018); otherwise, and always for
/// conditional parameters, each parameter has its own.
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
        var observed = Rank(context);
        var finished = observed.Count(o => !o.Running);
        if (finished < Math.Max(options.StartupTrials, 1))
            return startup.Sample(context);

        // The split of Optuna 3.1's _split_observation_pairs: the best min(ceil(γ n), γ max) by rank are good.
        var below = new List<Trial>();
        var above = new List<Trial>();
        var nBelow = Math.Min((int)Math.Ceiling(options.Gamma * finished), options.GammaMax);
        var isBelow = new HashSet<int>(observed.Take(nBelow).Select(o => o.Trial.Number));
        // Trial order (not rank order) inside each set: the weights fade the oldest observations.
        foreach (var o in observed.OrderBy(o => o.Trial.Number))
            (isBelow.Contains(o.Trial.Number) ? below : above).Add(o.Trial);

        var joint = options.Multivariate
            ? SampleJoint(context.Space, below, above, context.Random)
            : new Dictionary<string, object>(StringComparer.Ordinal);
        return context.Space.Assign(
            (parameter, _) =>
                joint.TryGetValue(parameter.Name, out var value) ? value : SampleParameter(parameter, below, above, context.Random)
        );
    }

    /// <summary>Usable trials, best first: complete by value, then pruned by progress and last value, then running.</summary>
    private List<Observation> Rank(SamplingContext context)
    {
        var direction = context.Direction;
        var observations = new List<Observation>();
        foreach (var trial in context.Trials)
        {
            switch (trial.State)
            {
                case TrialState.Complete when trial.Value is { } value:
                    observations.Add(new(trial, double.NegativeInfinity, direction.ToLoss(value), false));
                    break;
                case TrialState.Pruned when trial.LastStep is { } step:
                    var last = trial.IntermediateValues[step];
                    observations.Add(new(trial, -step, double.IsNaN(last) ? double.PositiveInfinity : direction.ToLoss(last), false));
                    break;
                case TrialState.Pruned:
                    observations.Add(new(trial, 1, 0, false));
                    break;
                case TrialState.Running when options.ConstantLiar && trial.Params.Count > 0:
                    observations.Add(new(trial, double.PositiveInfinity, double.PositiveInfinity, true));
                    break;
            }
        }
        // Stable: ties keep trial order.
        return [.. observations.OrderBy(o => o.Progress).ThenBy(o => o.Loss)];
    }

    /// <summary>The values <paramref name="name"/> took in <paramref name="trials"/>, skipping trials where it was inactive.</summary>
    private static List<object> Values(List<Trial> trials, string name)
    {
        var values = new List<object>(trials.Count);
        foreach (var trial in trials)
            if (trial.Params.TryGetValue(name, out var value))
                values.Add(value);
        return values;
    }

    private readonly record struct Observation(Trial Trial, double Progress, double Loss, bool Running);
}
