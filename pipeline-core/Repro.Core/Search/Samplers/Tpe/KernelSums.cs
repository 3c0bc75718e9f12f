using System.Runtime.Intrinsics;

namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>
/// The hot loops of TPE (24 candidates × every kernel × every parameter), four kernels at a time with Vector256: a
/// fixed width, so the sums (and the chosen candidate) are the same on every x64 and Arm machine rather than
/// depending on the widest vector a CPU has.
/// </summary>
internal static class KernelSums
{
    /// <summary>terms[k] −= ½ ((x − mus[k]) / σ[k])²: adds one continuous parameter's normal exponent to every kernel.</summary>
    public static void SubtractHalfSquares(Span<double> terms, double x, double[] mus, double[] inverseSigmas)
    {
        var n = terms.Length;
        var xs = Vector256.Create(x);
        var half = Vector256.Create(0.5);
        var i = 0;
        for (; i <= n - 4; i += 4)
        {
            var z = (xs - Vector256.Create(mus, i)) * Vector256.Create(inverseSigmas, i);
            (Vector256.Create(terms[i..]) - (half * z * z)).CopyTo(terms[i..]);
        }
        for (; i < n; i++)
        {
            var z = (x - mus[i]) * inverseSigmas[i];
            terms[i] -= 0.5 * z * z;
        }
    }

    /// <summary>terms[k] += values[k].</summary>
    public static void Add(Span<double> terms, double[] values)
    {
        var n = terms.Length;
        var i = 0;
        for (; i <= n - 4; i += 4)
            (Vector256.Create(terms[i..]) + Vector256.Create(values, i)).CopyTo(terms[i..]);
        for (; i < n; i++)
            terms[i] += values[i];
    }

    /// <summary>log Σ exp(terms[k]), shifted by the largest term so nothing overflows; −∞ when every term is.</summary>
    public static double LogSumExp(ReadOnlySpan<double> terms)
    {
        var n = terms.Length;
        var maxes = Vector256.Create(double.NegativeInfinity);
        var i = 0;
        for (; i <= n - 4; i += 4)
            maxes = Vector256.Max(maxes, Vector256.Create(terms[i..]));
        var max = Math.Max(Math.Max(maxes[0], maxes[1]), Math.Max(maxes[2], maxes[3]));
        for (; i < n; i++)
            max = Math.Max(max, terms[i]);
        if (double.IsNegativeInfinity(max))
            return max;
        var shift = Vector256.Create(max);
        var sums = Vector256<double>.Zero;
        for (i = 0; i <= n - 4; i += 4)
            sums += Vector256.Exp(Vector256.Create(terms[i..]) - shift);
        var sum = (sums[0] + sums[1]) + (sums[2] + sums[3]);
        for (; i < n; i++)
            sum += Math.Exp(terms[i] - max);
        return max + Math.Log(sum);
    }
}
