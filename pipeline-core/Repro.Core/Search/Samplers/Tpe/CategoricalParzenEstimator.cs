namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>
/// A mixture over the choices of one categorical parameter: each observation puts weight on its own choice plus a
/// smoothing share on all; the prior is uniform (Optuna's univariate TPE). Being univariate, the mixture reduces to
/// one probability per choice.
/// </summary>
internal sealed class CategoricalParzenEstimator
{
    private readonly double[] probabilities;

    public CategoricalParzenEstimator(int[] observations, int choices, TpeSamplerOptions options)
    {
        var n = observations.Length;
        var considerPrior = options.ConsiderPrior || n == 0;
        var weights = ParzenWeights.Compute(n, considerPrior, options.PriorWeight);
        var smoothing = considerPrior ? options.PriorWeight / (n + 1) : options.PriorWeight / n;
        probabilities = new double[choices];
        for (var k = 0; k < weights.Length; k++)
        {
            // Row k: smoothing everywhere, +1 on the observed choice, normalised.
            var isObservation = k < n;
            var rowSum = (smoothing * choices) + (isObservation ? 1 : 0);
            for (var c = 0; c < choices; c++)
                probabilities[c] += weights[k] * (smoothing + (isObservation && observations[k] == c ? 1 : 0)) / rowSum;
        }
    }

    public int Sample(Random random) => ParzenWeights.Draw(random, probabilities);

    public double LogPdf(int choice) => Math.Log(probabilities[choice]);
}
