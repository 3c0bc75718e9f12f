using Repro.Core.Search.SearchSpace;

namespace Repro.Core.Search.Samplers.Tpe;

public sealed partial class TpeSampler
{
    /// <summary>
    /// The parameters every observed trial has, drawn together from one joint l(x) and g(x) (Optuna 3.1's
    /// <c>sample_relative</c> over its intersection search space); empty when there are none.
    /// </summary>
    private Dictionary<string, object> SampleJoint(SearchSpace.SearchSpace space, List<Trial> below, List<Trial> above, Random random)
    {
        var sampled = new Dictionary<string, object>(StringComparer.Ordinal);
        var (parameters, belowValues, aboveValues) = JointObservations(space, below, above);
        if (parameters.Count == 0)
            return sampled;
        // Joint widths for l only: it is the density candidates come from, and over the up to 25 good trials the
        // O(n² d) nearest neighbours cost nothing; in g (all the other trials) they changed nothing measurable.
        var l = new MultivariateParzenEstimator(parameters, belowValues, options, jointWidths: options.JointNeighbourWidths);
        var g = new MultivariateParzenEstimator(parameters, aboveValues, options, jointWidths: false);

        var values = new object[parameters.Count];
        var best = new object[parameters.Count];
        var x = new double[parameters.Count];
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < options.EiCandidates; i++)
        {
            var candidate = l.Sample(random);
            for (var p = 0; p < parameters.Count; p++)
            {
                var (parameter, scale, choices) = parameters[p];
                // Round a discrete candidate first: both densities are then read at the value the trial would get.
                values[p] = choices is null
                    ? parameter.Distribution.FromInternal(scale.Back(candidate[p]))
                    : ((CategoricalDistribution)parameter.Distribution).Choices[(int)candidate[p]];
                x[p] = choices is null ? scale.Forward(parameter.Distribution.ToInternal(values[p])) : candidate[p];
            }
            var score = l.LogPdf(x) - g.LogPdf(x);
            if (i == 0 || score > bestScore)
            {
                bestScore = score;
                values.CopyTo(best, 0);
            }
        }
        for (var p = 0; p < parameters.Count; p++)
            sampled[parameters[p].Parameter.Name] = best[p];
        return sampled;
    }

    /// <summary>
    /// The joint parameters and their values in the good and the other trials: unconditional parameters with more
    /// than one value that every observed trial has, with a value their distribution holds (as Optuna's intersection
    /// search space); the others (conditional ones, ones added to the space later) stay univariate.
    /// </summary>
    private static (List<JointParameter> Parameters, double[][] Below, double[][] Above) JointObservations(
        SearchSpace.SearchSpace space,
        List<Trial> below,
        List<Trial> above
    )
    {
        var candidates = new List<JointParameter>();
        foreach (var parameter in space.Parameters)
        {
            var distribution = parameter.Distribution;
            if (parameter.IsConditional || IsSingle(distribution))
                continue;
            candidates.Add(
                distribution is CategoricalDistribution c
                    ? new JointParameter(parameter, default, c.Choices.Count)
                    : new JointParameter(parameter, NumericScale.For(distribution), null)
            );
        }
        var belowColumns = Columns(candidates, below);
        var aboveColumns = Columns(candidates, above);
        var kept = Enumerable.Range(0, candidates.Count).Where(p => belowColumns[p] is not null && aboveColumns[p] is not null).ToList();
        return ([.. kept.Select(p => candidates[p])], [.. kept.Select(p => belowColumns[p]!)], [.. kept.Select(p => aboveColumns[p]!)]);
    }

    /// <summary>
    /// Per parameter, its values in <paramref name="trials"/> (transformed numbers, or choice indices), or null when
    /// a trial lacks it or has a value its distribution does not hold.
    /// </summary>
    private static double[]?[] Columns(List<JointParameter> parameters, List<Trial> trials)
    {
        var columns = new double[]?[parameters.Count];
        for (var p = 0; p < parameters.Count; p++)
            columns[p] = new double[trials.Count];
        for (var i = 0; i < trials.Count; i++)
        {
            for (var p = 0; p < parameters.Count; p++)
            {
                if (columns[p] is not { } column)
                    continue;
                var (parameter, scale, choices) = parameters[p];
                var distribution = parameter.Distribution;
                if (!trials[i].Params.TryGetValue(parameter.Name, out var value) || !distribution.Contains(value))
                    columns[p] = null;
                else
                    column[i] = choices is null
                        ? scale.Forward(distribution.ToInternal(value))
                        : ((CategoricalDistribution)distribution).IndexOf(value);
            }
        }
        return columns;
    }

    /// <summary>True for a parameter with one possible value: nothing to learn (Optuna's <c>distribution.single()</c>).</summary>
    private static bool IsSingle(Distribution distribution) =>
        distribution switch
        {
            FloatDistribution f => f.Low == f.High,
            IntDistribution i => i.Low == i.High,
            CategoricalDistribution c => c.Choices.Count == 1,
            _ => false,
        };
}
