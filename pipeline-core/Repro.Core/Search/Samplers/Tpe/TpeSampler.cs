using Repro.Core.Search.SearchSpace;

namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>
/// Tree-structured Parzen Estimator (Bergstra et al., "Algorithms for Hyper-Parameter Optimization", 2011), univariate,
/// with Optuna's defaults: after <see cref="TpeSamplerOptions.StartupTrials"/> random trials, the trials are split into
/// a good set (the best min(ceil(γ n), 25)) and the rest; each parameter gets a density l(x) from the good set and g(x)
/// from the rest, and the candidate drawn from l with the largest l(x)/g(x) wins.
/// </summary>
/// <remarks>
/// Pruned trials rank after complete ones, by how far they got and then by their last value (Optuna's rule);
/// failed trials are ignored; running trials (with <see cref="TpeSamplerOptions.ConstantLiar"/>) rank last, so
/// their points sit in g(x) and repel new proposals. A conditional parameter learns only from trials where it was
/// active. Ints are discrete cells on a linear scale and rounded on a log scale; choices are categorical.
/// </remarks>
public sealed class TpeSampler(TpeSamplerOptions options) : ISampler
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

        var below = new List<Trial>();
        var above = new List<Trial>();
        var nBelow = Math.Min((int)Math.Ceiling(options.Gamma * finished), options.GammaMax);
        var isBelow = new HashSet<int>(observed.Take(nBelow).Select(o => o.Trial.Number));
        // Trial order (not rank order) inside each set: the weights fade the oldest observations.
        foreach (var o in observed.OrderBy(o => o.Trial.Number))
            (isBelow.Contains(o.Trial.Number) ? below : above).Add(o.Trial);

        return context.Space.Assign((parameter, _) => SampleParameter(parameter, below, above, context.Random));
    }

    private object SampleParameter(SearchParameter parameter, List<Trial> below, List<Trial> above, Random random)
    {
        var name = parameter.Name;
        var distribution = parameter.Distribution;
        List<object> Values(List<Trial> trials)
        {
            var values = new List<object>(trials.Count);
            foreach (var trial in trials)
                if (trial.Params.TryGetValue(name, out var value))
                    values.Add(value);
            return values;
        }

        if (distribution is CategoricalDistribution categorical)
        {
            var n = categorical.Choices.Count;
            var l = new CategoricalParzenEstimator([.. Values(below).Select(v => categorical.IndexOf(v))], n, options);
            var g = new CategoricalParzenEstimator([.. Values(above).Select(v => categorical.IndexOf(v))], n, options);
            var best = -1;
            var bestScore = double.NegativeInfinity;
            for (var i = 0; i < options.EiCandidates; i++)
            {
                var candidate = l.Sample(random);
                var score = l.LogPdf(candidate) - g.LogPdf(candidate);
                if (best < 0 || score > bestScore)
                    (best, bestScore) = (candidate, score);
            }
            return categorical.Choices[best];
        }

        var scale = NumericScale.For(distribution);
        if (scale.Low == scale.High)
            return distribution.FromInternal(scale.Back(scale.Low));
        double[] Transformed(List<Trial> trials) => [.. Values(trials).Select(v => scale.Forward(distribution.ToInternal(v)))];
        var lNum = new NumericalParzenEstimator(Transformed(below), scale.Low, scale.High, scale.Step, options);
        var gNum = new NumericalParzenEstimator(Transformed(above), scale.Low, scale.High, scale.Step, options);
        object? bestValue = null;
        var bestNumScore = double.NegativeInfinity;
        for (var i = 0; i < options.EiCandidates; i++)
        {
            // Round a discrete candidate first: both densities are then read at the value the trial would get.
            var value = distribution.FromInternal(scale.Back(lNum.Sample(random)));
            var x = scale.Forward(distribution.ToInternal(value));
            var score = lNum.LogPdf(x) - gNum.LogPdf(x);
            if (bestValue is null || score > bestNumScore)
                (bestValue, bestNumScore) = (value, score);
        }
        return bestValue!;
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

    private readonly record struct Observation(Trial Trial, double Progress, double Loss, bool Running);

    /// <summary>How a numeric parameter maps to the line the kernels live on.</summary>
    private readonly record struct NumericScale(double Low, double High, double? Step, bool Log)
    {
        public double Forward(double value) => Log ? Math.Log(value) : value;

        public double Back(double value) => Log ? Math.Exp(value) : value;

        public static NumericScale For(Distribution distribution) =>
            distribution switch
            {
                FloatDistribution { Log: true } f => new(Math.Log(f.Low), Math.Log(f.High), null, true),
                FloatDistribution f => new(f.Low, f.High, null, false),
                IntDistribution { Log: true } i => new(Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5), null, true),
                IntDistribution i => new(i.Low - 0.5, i.High + 0.5, 1.0, false),
                _ => throw new ArgumentException($"no numeric scale for {distribution}", nameof(distribution)),
            };
    }
}
