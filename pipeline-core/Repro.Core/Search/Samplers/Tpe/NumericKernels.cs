namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>
/// The kernels of one numeric parameter in a Parzen estimator: a truncated normal per observation (transformed
/// scale, in trial order) plus, last, the prior's (centred, as wide as the range). Only the widths depend on whether
/// the estimator is univariate or multivariate; the prior and the clipping are shared (Optuna 3.1's
/// <c>_ParzenEstimator._calculate_numerical_params</c>).
/// </summary>
internal sealed class NumericKernels
{
    private NumericKernels(double[] mus, double[] sigmas, NumericScale scale)
    {
        Mus = mus;
        Sigmas = sigmas;
        Scale = scale;
        InverseSigmas = new double[mus.Length];
        LogMasses = new double[mus.Length];
        for (var i = 0; i < mus.Length; i++)
        {
            InverseSigmas[i] = 1.0 / sigmas[i];
            LogMasses[i] = TruncatedNormal.LogMass((scale.Low - mus[i]) / sigmas[i], (scale.High - mus[i]) / sigmas[i]);
        }
    }

    public double[] Mus { get; }

    public double[] Sigmas { get; }

    public double[] InverseSigmas { get; }

    /// <summary>log of each kernel's normal mass inside [low, high]: the truncation's normaliser.</summary>
    public double[] LogMasses { get; }

    public NumericScale Scale { get; }

    /// <summary>
    /// Univariate widths: the distance to the farther sorted neighbour, the range's ends counting as neighbours
    /// (for the outermost kernels only with <see cref="TpeSamplerOptions.ConsiderEndpoints"/>). With
    /// <paramref name="jointDistances"/> (a fraction of the range per observation, see <see cref="JointNeighbours"/>),
    /// each width is the geometric mean of that distance and the univariate width, then clipped again.
    /// </summary>
    public static NumericKernels Adaptive(
        double[] observations,
        NumericScale scale,
        bool considerPrior,
        TpeSamplerOptions options,
        double[]? jointDistances = null
    )
    {
        var mus = Centres(observations, scale, considerPrior);
        var count = mus.Length;
        // Ties keep trial order, so which of equal observations gets which width never depends on the sort.
        var order = new int[count];
        for (var i = 0; i < count; i++)
            order[i] = i;
        Array.Sort(order, (a, b) => mus[a] != mus[b] ? mus[a].CompareTo(mus[b]) : a.CompareTo(b));
        var withEnds = new double[count + 2];
        withEnds[0] = scale.Low;
        withEnds[^1] = scale.High;
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
        var sigmas = new double[count];
        for (var i = 0; i < count; i++)
            sigmas[order[i]] = sorted[i];
        var univariate = Clipped(mus, sigmas, observations.Length, scale, considerPrior, options);
        if (jointDistances is null)
            return univariate;
        // The blend starts from the width univariate TPE would use, clip included, so a width the clip props up
        // enters the mean at the clip's size (blending the raw width measured worse: Rosenbrock-10 @100 3431,
        // not 3251).
        var blended = (double[])univariate.Sigmas.Clone();
        for (var i = 0; i < jointDistances.Length; i++)
            blended[i] = Math.Sqrt(blended[i] * jointDistances[i] * (scale.High - scale.Low));
        return Clipped(mus, blended, observations.Length, scale, considerPrior, options);
    }

    /// <summary>
    /// Multivariate widths: one width for every kernel, <paramref name="bandwidth"/> times the range (Scott's rule
    /// as BOHB uses it, Falkner et al. 2018; the caller gives 0.2 n^(−1/(d+4))).
    /// </summary>
    public static NumericKernels Fixed(
        double[] observations,
        NumericScale scale,
        bool considerPrior,
        double bandwidth,
        TpeSamplerOptions options
    )
    {
        var mus = Centres(observations, scale, considerPrior);
        var sigmas = new double[mus.Length];
        Array.Fill(sigmas, bandwidth * (scale.High - scale.Low));
        return Clipped(mus, sigmas, observations.Length, scale, considerPrior, options);
    }

    private static double[] Centres(double[] observations, NumericScale scale, bool considerPrior)
    {
        var mus = new double[observations.Length + (considerPrior ? 1 : 0)];
        Array.Copy(observations, mus, observations.Length);
        if (considerPrior)
            mus[^1] = 0.5 * (scale.Low + scale.High);
        return mus;
    }

    private static NumericKernels Clipped(
        double[] mus,
        double[] sigmas,
        int observations,
        NumericScale scale,
        bool considerPrior,
        TpeSamplerOptions options
    )
    {
        // The magic clip: a cluster of close observations cannot collapse the density to a spike.
        var range = scale.High - scale.Low;
        var minSigma = options.ConsiderMagicClip ? range / Math.Min(100.0, 1.0 + mus.Length) : 1e-12;
        for (var i = 0; i < sigmas.Length; i++)
            sigmas[i] = Math.Clamp(sigmas[i], minSigma, range);
        if (considerPrior)
            sigmas[observations] = range;
        return new NumericKernels(mus, sigmas, scale);
    }

    /// <summary>A draw from kernel <paramref name="k"/> (transformed scale).</summary>
    public double Sample(Random random, int k) => TruncatedNormal.Sample(random, Mus[k], Sigmas[k], Scale.Low, Scale.High);

    /// <summary>
    /// The part of kernel <paramref name="k"/>'s log density that does not depend on the point: the truncation,
    /// and for a continuous parameter the normal's constant and <paramref name="normalization"/> log σ (1 for a
    /// normalised kernel, 0 for Optuna's un-normalised one, in between for a joint density, see
    /// <see cref="TpeSamplerOptions.UnnormalizedDimensions"/>).
    /// </summary>
    public double LogConstant(int k, double normalization) =>
        -LogMasses[k] - (Scale.Step is null ? (normalization * Math.Log(Sigmas[k])) + TruncatedNormal.LogSqrt2Pi : 0.0);

    /// <summary>
    /// For a discrete parameter: log of kernel <paramref name="k"/>'s normal mass on the cell around
    /// <paramref name="x"/> (not yet divided by the truncation's mass).
    /// </summary>
    public double LogCellMass(int k, double x)
    {
        var q = Scale.Step!.Value;
        var lo = Math.Max(x - (q / 2), Scale.Low);
        var hi = Math.Min(x + (q / 2), Scale.High);
        return TruncatedNormal.LogMass((lo - Mus[k]) * InverseSigmas[k], (hi - Mus[k]) * InverseSigmas[k]);
    }
}
