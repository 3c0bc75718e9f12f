using System.Runtime.Intrinsics;

namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>
/// A mixture of truncated normals over one numeric parameter (in log space for log scales): one kernel per
/// observation plus a wide prior kernel. Kernel widths follow Optuna's univariate TPE: the distance to the farther
/// sorted neighbour, clipped to [range / min(100, 1 + n), range].
/// </summary>
internal sealed class NumericalParzenEstimator
{
    private readonly double low;
    private readonly double high;
    private readonly double? step;
    private readonly double[] weights;
    private readonly double[] mus;
    private readonly double[] sigmas;
    private readonly double[] logConstants;
    private readonly double[] inverseSigmas;
    private readonly double[] scratch;

    /// <param name="observations">Observed values, transformed (logarithms for log scales), in trial order.</param>
    /// <param name="low">Lower bound, transformed.</param>
    /// <param name="high">Upper bound, transformed.</param>
    /// <param name="step">The cell width of a discrete parameter on a linear scale (1 for ints), or null for a continuous one.</param>
    /// <param name="options">TPE options.</param>
    public NumericalParzenEstimator(double[] observations, double low, double high, double? step, TpeSamplerOptions options)
    {
        this.low = low;
        this.high = high;
        this.step = step;
        var n = observations.Length;
        var considerPrior = options.ConsiderPrior || n == 0;
        weights = ParzenWeights.Compute(n, considerPrior, options.PriorWeight);

        var count = n + (considerPrior ? 1 : 0);
        mus = new double[count];
        Array.Copy(observations, mus, n);
        if (considerPrior)
            mus[n] = 0.5 * (low + high);

        // Widths from the sorted centres, with the range's ends as outer neighbours.
        var order = Enumerable.Range(0, count).OrderBy(i => mus[i]).ToArray();
        var withEnds = new double[count + 2];
        withEnds[0] = low;
        withEnds[^1] = high;
        for (var i = 0; i < count; i++)
            withEnds[i + 1] = mus[order[i]];
        var sorted = new double[count];
        for (var i = 0; i < count; i++)
            sorted[i] = Math.Max(withEnds[i + 1] - withEnds[i], withEnds[i + 2] - withEnds[i + 1]);
        if (!options.ConsiderEndpoints && withEnds.Length >= 4)
        {
            sorted[0] = withEnds[2] - withEnds[1];
            sorted[^1] = withEnds[^2] - withEnds[^3];
        }
        sigmas = new double[count];
        for (var i = 0; i < count; i++)
            sigmas[order[i]] = sorted[i];

        var range = high - low;
        var minSigma = options.ConsiderMagicClip ? range / Math.Min(100.0, 1.0 + count) : 1e-12;
        for (var i = 0; i < count; i++)
            sigmas[i] = Math.Clamp(sigmas[i], minSigma, range);
        if (considerPrior)
            sigmas[n] = range;

        logConstants = new double[count];
        inverseSigmas = new double[count];
        scratch = new double[count];
        for (var i = 0; i < count; i++)
        {
            inverseSigmas[i] = 1.0 / sigmas[i];
            var logMass = TruncatedNormal.LogMass((low - mus[i]) / sigmas[i], (high - mus[i]) / sigmas[i]);
            // The normal's constant log(sqrt(2 pi)) (and log sigma for normalised kernels) folds in here for continuous kernels.
            var width = options.NormalizedKernels ? Math.Log(sigmas[i]) : 0.0;
            logConstants[i] = Math.Log(weights[i]) - logMass - (step is null ? width + 0.91893853320467274 : 0.0);
        }
    }

    /// <summary>A value drawn from the mixture (transformed scale).</summary>
    public double Sample(Random random)
    {
        var k = ParzenWeights.Draw(random, weights);
        return TruncatedNormal.Sample(random, mus[k], sigmas[k], low, high);
    }

    /// <summary>
    /// log density at <paramref name="x"/> (transformed scale); for a discrete parameter, the log probability of
    /// the cell around <paramref name="x"/>.
    /// </summary>
    public double LogPdf(double x) => step is { } q ? LogCellProbability(x, q) : LogDensity(x);

    /// <summary>
    /// The continuous case, the hot loop of TPE (24 candidates × every observation × every parameter): four kernels
    /// at a time with Vector256, a fixed width, so the sums (and the chosen candidate) are the same on every x64 and
    /// Arm machine rather than depending on the widest vector a CPU has.
    /// </summary>
    private double LogDensity(double x)
    {
        var n = mus.Length;
        var xs = Vector256.Create(x);
        var half = Vector256.Create(0.5);
        var maxes = Vector256.Create(double.NegativeInfinity);
        var i = 0;
        for (; i <= n - 4; i += 4)
        {
            var z = (xs - Vector256.Create(mus, i)) * Vector256.Create(inverseSigmas, i);
            var term = Vector256.Create(logConstants, i) - (half * z * z);
            term.CopyTo(scratch, i);
            maxes = Vector256.Max(maxes, term);
        }
        var max = Math.Max(Math.Max(maxes[0], maxes[1]), Math.Max(maxes[2], maxes[3]));
        for (; i < n; i++)
        {
            var z = (x - mus[i]) * inverseSigmas[i];
            scratch[i] = logConstants[i] - (0.5 * z * z);
            max = Math.Max(max, scratch[i]);
        }
        if (double.IsNegativeInfinity(max))
            return max;
        var shift = Vector256.Create(max);
        var sums = Vector256<double>.Zero;
        for (i = 0; i <= n - 4; i += 4)
            sums += Vector256.Exp(Vector256.Create(scratch, i) - shift);
        var sum = (sums[0] + sums[1]) + (sums[2] + sums[3]);
        for (; i < n; i++)
            sum += Math.Exp(scratch[i] - max);
        return max + Math.Log(sum);
    }

    /// <summary>The discrete case: log of the mixture's mass on the cell [x − q/2, x + q/2].</summary>
    private double LogCellProbability(double x, double q)
    {
        // One pass, log-sum-exp with a running maximum.
        var max = double.NegativeInfinity;
        var sum = 0.0;
        var lo = Math.Max(x - (q / 2), low);
        var hi = Math.Min(x + (q / 2), high);
        for (var i = 0; i < mus.Length; i++)
        {
            var term = logConstants[i] + TruncatedNormal.LogMass((lo - mus[i]) * inverseSigmas[i], (hi - mus[i]) * inverseSigmas[i]);
            if (term <= max)
                sum += Math.Exp(term - max);
            else if (!double.IsNegativeInfinity(term))
            {
                sum = (sum * Math.Exp(max - term)) + 1.0;
                max = term;
            }
        }
        return double.IsNegativeInfinity(max) ? max : max + Math.Log(sum);
    }
}
