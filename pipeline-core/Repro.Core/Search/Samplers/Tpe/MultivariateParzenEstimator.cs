using Repro.Core.Search.SearchSpace;

namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>
/// A mixture over several parameters at once (BOHB's multivariate KDE, Falkner et al. 2018, in the form of Optuna
/// 3.1's <c>_ParzenEstimator</c> with <c>multivariate=True</c>): kernel k is the product, over the parameters, of each
/// parameter's kernel k, so one observation is one joint kernel and the density keeps how parameters go together;
/// the prior kernel is the product of the parameters' priors. A numeric kernel is as wide, in its parameter, as the
/// univariate estimator would make it (the distance to the farther neighbour; for the good trials, with
/// <see cref="TpeSamplerOptions.JointNeighbourWidths"/>, blended with the distance to the nearest neighbour in the
/// joint space), or with <see cref="TpeSamplerOptions.ScottBandwidth"/> as Optuna makes it: 0.2 n^(−1/(d+4)) of the
/// range for every kernel.
/// </summary>
internal sealed class MultivariateParzenEstimator
{
    /// <summary>The bandwidth factor of Scott's rule as BOHB and Optuna use it.</summary>
    private const double BandwidthFactor = 0.2;

    private readonly double[] weights;
    private readonly NumericKernels?[] numeric;
    private readonly CategoricalKernels?[] categorical;
    private readonly double[] logConstants;
    private readonly double[] scratch;

    /// <summary>log of each categorical kernel's probability per choice: [parameter][choice][kernel]; empty for numeric parameters.</summary>
    private readonly double[][][] logChoiceProbabilities;

    /// <param name="parameters">The jointly sampled parameters, each numeric (with its scale) or categorical.</param>
    /// <param name="observations">Per parameter, the observed values in trial order: transformed for numeric parameters, choice indices for categorical ones.</param>
    /// <param name="options">TPE options.</param>
    /// <param name="jointWidths">
    /// Whether the neighbour widths also look at the joint space (<see cref="TpeSamplerOptions.JointNeighbourWidths"/>;
    /// the caller asks for it for the good trials' density only).
    /// </param>
    public MultivariateParzenEstimator(
        IReadOnlyList<JointParameter> parameters,
        double[][] observations,
        TpeSamplerOptions options,
        bool jointWidths
    )
    {
        var n = observations.Length == 0 ? 0 : observations[0].Length;
        var considerPrior = options.ConsiderPrior || n == 0;
        weights = ParzenWeights.Compute(n, considerPrior, options.PriorWeight);
        var bandwidth = BandwidthFactor * Math.Pow(Math.Max(n, 1), -1.0 / (parameters.Count + 4));

        numeric = new NumericKernels?[parameters.Count];
        categorical = new CategoricalKernels?[parameters.Count];
        logChoiceProbabilities = new double[parameters.Count][][];
        logConstants = new double[weights.Length];
        scratch = new double[weights.Length];
        for (var k = 0; k < weights.Length; k++)
            logConstants[k] = Math.Log(weights[k]);
        // How much of each continuous kernel's 1/σ the density keeps: all of it normalised, otherwise what lies
        // beyond UnnormalizedDimensions parameters' worth.
        var continuous = parameters.Count(p => p.Choices is null && p.Scale.Step is null);
        var normalization = options.NormalizedKernels ? 1.0 : 1.0 - Math.Min(1.0, options.UnnormalizedDimensions / Math.Max(continuous, 1));
        var jointDistances = jointWidths && !options.ScottBandwidth ? JointNeighbours.Distances(parameters, observations) : null;
        for (var p = 0; p < parameters.Count; p++)
        {
            if (parameters[p].Choices is { } choices)
            {
                var kernels = new CategoricalKernels([.. observations[p].Select(v => (int)v)], choices, considerPrior, options.PriorWeight);
                categorical[p] = kernels;
                logChoiceProbabilities[p] = new double[choices][];
                for (var c = 0; c < choices; c++)
                    logChoiceProbabilities[p][c] =
                    [
                        .. Enumerable.Range(0, weights.Length).Select(k => Math.Log(kernels.Probability(k, c))),
                    ];
            }
            else
            {
                logChoiceProbabilities[p] = [];
                var kernels = options.ScottBandwidth
                    ? NumericKernels.Fixed(observations[p], parameters[p].Scale, considerPrior, bandwidth, options)
                    : NumericKernels.Adaptive(observations[p], parameters[p].Scale, considerPrior, options, jointDistances);
                numeric[p] = kernels;
                for (var k = 0; k < weights.Length; k++)
                    logConstants[k] += kernels.LogConstant(k, normalization);
            }
        }
    }

    /// <summary>
    /// A point drawn from the mixture: one kernel, then each parameter from that kernel. Numeric values are on the
    /// transformed scale (not yet rounded), categorical ones are choice indices.
    /// </summary>
    public double[] Sample(Random random)
    {
        var k = ParzenWeights.Draw(random, weights);
        var point = new double[numeric.Length];
        for (var p = 0; p < point.Length; p++)
            point[p] = numeric[p] is { } kernels ? kernels.Sample(random, k) : categorical[p]!.Sample(random, k);
        return point;
    }

    /// <summary>
    /// log density at <paramref name="point"/> (as <see cref="Sample"/> gives it): the log-sum-exp over kernels of
    /// each kernel's weight times its parameters' densities (cell probabilities for discrete parameters).
    /// </summary>
    public double LogPdf(double[] point)
    {
        logConstants.CopyTo(scratch, 0);
        for (var p = 0; p < point.Length; p++)
        {
            if (categorical[p] is not null)
                KernelSums.Add(scratch, logChoiceProbabilities[p][(int)point[p]]);
            else if (numeric[p]!.Scale.Step is null)
                KernelSums.SubtractHalfSquares(scratch, point[p], numeric[p]!.Mus, numeric[p]!.InverseSigmas);
            else
                for (var k = 0; k < scratch.Length; k++)
                    scratch[k] += numeric[p]!.LogCellMass(k, point[p]);
        }
        return KernelSums.LogSumExp(scratch);
    }
}
