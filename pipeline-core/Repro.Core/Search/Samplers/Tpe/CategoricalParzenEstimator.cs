namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>
/// A mixture over the choices of one categorical parameter (Optuna's univariate TPE). Being univariate, the mixture
/// of <see cref="CategoricalKernels"/> reduces to one probability per choice.
/// </summary>
internal sealed class CategoricalParzenEstimator
{
    private readonly double[] probabilities;

    public CategoricalParzenEstimator(int[] observations, int choices, TpeSamplerOptions options)
    {
        var n = observations.Length;
        var considerPrior = options.ConsiderPrior || n == 0;
        var weights = ParzenWeights.Compute(n, considerPrior, options.PriorWeight);
        var kernels = new CategoricalKernels(observations, choices, considerPrior, options.PriorWeight);
        probabilities = new double[choices];
        for (var k = 0; k < weights.Length; k++)
        for (var c = 0; c < choices; c++)
            probabilities[c] += weights[k] * kernels.Probability(k, c);
    }

    public int Sample(Random random) => ParzenWeights.Draw(random, probabilities);

    public double LogPdf(int choice) => Math.Log(probabilities[choice]);
}
