namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>
/// The kernels of one categorical parameter in a Parzen estimator: per observation (in trial order), a distribution
/// over the choices with a smoothing share on every choice and one more on the observed one; then, last, the prior's,
/// uniform (Optuna 3.1's <c>_ParzenEstimator._calculate_categorical_params</c>).
/// </summary>
internal sealed class CategoricalKernels
{
    private readonly int[] observations;
    private readonly double smoothing;
    private readonly double observedRowSum;

    public CategoricalKernels(int[] observations, int choices, bool considerPrior, double priorWeight)
    {
        this.observations = observations;
        Choices = choices;
        Count = observations.Length + (considerPrior ? 1 : 0);
        smoothing = priorWeight / Count;
        observedRowSum = (smoothing * choices) + 1;
    }

    public int Choices { get; }

    /// <summary>How many kernels: one per observation, and the prior's.</summary>
    public int Count { get; }

    /// <summary>The probability kernel <paramref name="k"/> gives <paramref name="choice"/>.</summary>
    public double Probability(int k, int choice) =>
        k < observations.Length ? (smoothing + (observations[k] == choice ? 1 : 0)) / observedRowSum : 1.0 / Choices;

    /// <summary>A choice drawn from kernel <paramref name="k"/>.</summary>
    public int Sample(Random random, int k)
    {
        var u = random.NextDouble();
        var cumulative = 0.0;
        for (var c = 0; c < Choices; c++)
        {
            cumulative += Probability(k, c);
            if (u < cumulative)
                return c;
        }
        return Choices - 1;
    }
}
