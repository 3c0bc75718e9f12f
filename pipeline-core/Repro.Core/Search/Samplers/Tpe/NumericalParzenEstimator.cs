namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>
/// A mixture of truncated normals over one numeric parameter (in log space for log scales): one kernel per
/// observation plus a wide prior kernel. Kernel widths follow Optuna's univariate TPE: the distance to the farther
/// sorted neighbour, clipped to [range / min(100, 1 + n), range].
/// </summary>
internal sealed class NumericalParzenEstimator
{
    private readonly double[] weights;
    private readonly NumericKernels kernels;
    private readonly double[] logConstants;
    private readonly double[] scratch;

    /// <param name="observations">Observed values, transformed (logarithms for log scales), in trial order.</param>
    /// <param name="scale">The parameter's bounds and step on the transformed line.</param>
    /// <param name="options">TPE options.</param>
    public NumericalParzenEstimator(double[] observations, NumericScale scale, TpeSamplerOptions options)
    {
        var n = observations.Length;
        var considerPrior = options.ConsiderPrior || n == 0;
        weights = ParzenWeights.Compute(n, considerPrior, options.PriorWeight);
        kernels = NumericKernels.Adaptive(observations, scale, considerPrior, options);
        logConstants = new double[weights.Length];
        scratch = new double[weights.Length];
        for (var i = 0; i < weights.Length; i++)
            logConstants[i] = Math.Log(weights[i]) + kernels.LogConstant(i, options.NormalizedKernels ? 1.0 : 0.0);
    }

    /// <summary>A value drawn from the mixture (transformed scale).</summary>
    public double Sample(Random random) => kernels.Sample(random, ParzenWeights.Draw(random, weights));

    /// <summary>
    /// log density at <paramref name="x"/> (transformed scale); for a discrete parameter, the log probability of
    /// the cell around <paramref name="x"/>.
    /// </summary>
    public double LogPdf(double x)
    {
        logConstants.CopyTo(scratch, 0);
        if (kernels.Scale.Step is null)
            KernelSums.SubtractHalfSquares(scratch, x, kernels.Mus, kernels.InverseSigmas);
        else
            for (var i = 0; i < scratch.Length; i++)
                scratch[i] += kernels.LogCellMass(i, x);
        return KernelSums.LogSumExp(scratch);
    }
}
