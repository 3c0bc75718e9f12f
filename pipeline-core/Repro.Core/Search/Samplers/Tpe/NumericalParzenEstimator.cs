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
        for (var i = 0; i < count; i++)
        {
            var logMass = TruncatedNormal.LogMass((low - mus[i]) / sigmas[i], (high - mus[i]) / sigmas[i]);
            logConstants[i] = Math.Log(weights[i]) - logMass - (step is null ? Math.Log(sigmas[i]) : 0.0);
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
    public double LogPdf(double x)
    {
        var max = double.NegativeInfinity;
        Span<double> terms = mus.Length <= 512 ? stackalloc double[mus.Length] : new double[mus.Length];
        for (var i = 0; i < mus.Length; i++)
        {
            double term;
            if (step is { } q)
            {
                var lo = Math.Max(x - (q / 2), low);
                var hi = Math.Min(x + (q / 2), high);
                term = logConstants[i] + TruncatedNormal.LogMass((lo - mus[i]) / sigmas[i], (hi - mus[i]) / sigmas[i]);
            }
            else
            {
                var z = (x - mus[i]) / sigmas[i];
                term = logConstants[i] - (0.5 * z * z) - 0.91893853320467274;
            }
            terms[i] = term;
            if (term > max)
                max = term;
        }
        if (double.IsNegativeInfinity(max))
            return max;
        var sum = 0.0;
        foreach (var term in terms)
            sum += Math.Exp(term - max);
        return max + Math.Log(sum);
    }
}
