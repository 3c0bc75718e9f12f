namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>Normal densities cut to an interval: the kernels of a Parzen estimator.</summary>
internal static class TruncatedNormal
{
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>log √(2π): the standard normal density's constant.</summary>
    public const double LogSqrt2Pi = 0.91893853320467274;

    /// <summary>log(Φ(b) − Φ(a)) for standardised bounds a &lt; b, computed in the tail where it is precise.</summary>
    public static double LogMass(double a, double b)
    {
        double mass;
        if (a > 0)
            mass = 0.5 * (Erfc(a / Sqrt2) - Erfc(b / Sqrt2));
        else if (b < 0)
            mass = 0.5 * (Erfc(-b / Sqrt2) - Erfc(-a / Sqrt2));
        else
            mass = 1 - (0.5 * Erfc(-a / Sqrt2)) - (0.5 * Erfc(b / Sqrt2));
        if (mass > 0)
            return Math.Log(mass);
        // Underflow far in a tail: the density at the interval's nearer end times its width is a close bound.
        var z = Math.Min(Math.Abs(a), Math.Abs(b));
        return (-0.5 * z * z) - LogSqrt2Pi + Math.Log(b - a);
    }

    /// <summary>log of the normal density N(x; mu, sigma), not truncated.</summary>
    public static double LogPdf(double x, double mu, double sigma)
    {
        var z = (x - mu) / sigma;
        return (-0.5 * z * z) - LogSqrt2Pi - Math.Log(sigma);
    }

    /// <summary>A draw from N(mu, sigma) cut to [low, high]; by rejection, which accepts often because mu lies in [low, high].</summary>
    public static double Sample(Random random, double mu, double sigma, double low, double high)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var x = mu + (sigma * StandardNormal(random));
            if (x >= low && x <= high)
                return x;
        }
        return Math.Clamp(mu, low, high);
    }

    private static double StandardNormal(Random random)
    {
        // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    // Coefficients of the Chebyshev fit of erfc, lowest order first (Numerical Recipes, 2nd ed., §6.2, erfcc).
    private static readonly double[] ErfcCoefficients =
    [
        -1.26551223,
        1.00002368,
        0.37409196,
        0.09678418,
        -0.18628806,
        0.27886807,
        -1.13520398,
        1.48851587,
        -0.82215223,
        0.17087277,
    ];

    /// <summary>The complementary error function, with a fractional error below 1.2e-7 everywhere.</summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.5 * z));
        var poly = 0.0;
        for (var i = ErfcCoefficients.Length - 1; i >= 0; i--)
            poly = (poly * t) + ErfcCoefficients[i];
        var r = t * Math.Exp((-z * z) + poly);
        return x >= 0 ? r : 2.0 - r;
    }
}
