namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>Mixture weights of a Parzen estimator, as Optuna's TPE computes them.</summary>
internal static class ParzenWeights
{
    /// <summary>
    /// One weight per observation (in trial order) plus the prior's, summing to 1. Past 25 observations the older
    /// ones fade linearly, so the density follows where the search has moved (Optuna's <c>default_weights</c>).
    /// </summary>
    public static double[] Compute(int observations, bool considerPrior, double priorWeight)
    {
        var weights = new double[observations + (considerPrior ? 1 : 0)];
        const int Flat = 25;
        for (var i = 0; i < observations; i++)
        {
            if (observations < Flat || i >= observations - Flat)
                weights[i] = 1.0;
            else
            {
                // linspace(1/n, 1, n - 25) over the older observations.
                var ramp = observations - Flat;
                var start = 1.0 / observations;
                weights[i] = ramp == 1 ? start : start + ((1.0 - start) * i / (ramp - 1));
            }
        }
        if (considerPrior)
            weights[observations] = priorWeight;
        var sum = weights.Sum();
        for (var i = 0; i < weights.Length; i++)
            weights[i] /= sum;
        return weights;
    }

    /// <summary>Index of a component drawn with probability proportional to its weight.</summary>
    public static int Draw(Random random, double[] weights)
    {
        var u = random.NextDouble();
        var cumulative = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (u < cumulative)
                return i;
        }
        return weights.Length - 1;
    }
}
