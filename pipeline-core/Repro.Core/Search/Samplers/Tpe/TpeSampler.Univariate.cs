using Repro.Core.Search.SearchSpace;

namespace Repro.Core.Search.Samplers.Tpe;

public sealed partial class TpeSampler
{
    /// <summary>One parameter from its own l(x) and g(x) (Optuna 3.1's <c>sample_independent</c>).</summary>
    private object SampleParameter(SearchParameter parameter, List<Trial> below, List<Trial> above, Random random)
    {
        var distribution = parameter.Distribution;
        if (distribution is CategoricalDistribution categorical)
        {
            var n = categorical.Choices.Count;
            var l = new CategoricalParzenEstimator([.. Values(below, parameter.Name).Select(categorical.IndexOf)], n, options);
            var g = new CategoricalParzenEstimator([.. Values(above, parameter.Name).Select(categorical.IndexOf)], n, options);
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
        double[] Transformed(List<Trial> trials) =>
            [.. Values(trials, parameter.Name).Select(v => scale.Forward(distribution.ToInternal(v)))];
        var lNum = new NumericalParzenEstimator(Transformed(below), scale, options);
        var gNum = new NumericalParzenEstimator(Transformed(above), scale, options);
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
}
