using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Data;

/// <summary>Computes the per-slice mean and standard deviation a <see cref="Normalization"/> records, from training data only.</summary>
public static class NormalizationStats
{
    /// <summary>
    /// Mean and (population) standard deviation of <c>x / scale</c> along per-sample axis <paramref name="axis"/>, in double
    /// precision and in chunks so a large uint8 split is never copied whole. A constant slice gets a deviation of 1.
    /// </summary>
    public static Normalization Compute(Tensor x, double scale, int axis)
    {
        ArgumentNullException.ThrowIfNull(x);
        var channelDim = axis + 1;
        var channels = x.shape[channelDim];
        var reduce = Enumerable.Range(0, (int)x.dim()).Where(d => d != channelDim).Select(d => (long)d).ToArray();
        var sum = new double[channels];
        var squares = new double[channels];
        const long chunk = 4096;
        for (long start = 0; start < x.shape[0]; start += chunk)
        {
            using var scope = NewDisposeScope();
            var part = x.narrow(0, start, Math.Min(chunk, x.shape[0] - start)).to_type(ScalarType.Float64).div_(scale);
            var partSum = part.sum(reduce).data<double>().ToArray();
            var partSquares = part.square().sum(reduce).data<double>().ToArray();
            for (var c = 0; c < channels; c++)
            {
                sum[c] += partSum[c];
                squares[c] += partSquares[c];
            }
        }
        var perChannel = (double)(x.numel() / channels);
        var mean = sum.Select(s => s / perChannel).ToArray();
        var std = squares
            .Select((s, c) => Math.Sqrt(Math.Max(0, (s / perChannel) - (mean[c] * mean[c]))))
            .Select(s => s > 1e-6 ? s : 1)
            .ToArray();
        return new Normalization
        {
            Scale = scale,
            Mean = [.. mean.Select(Round)],
            Std = [.. std.Select(Round)],
            Axis = axis,
        };
    }

    /// <summary>
    /// Per-feature stats of padded sequences <c>[N, T, F]</c> over the valid steps only (<paramref name="lengths"/>), so
    /// padding does not drag the mean toward zero. The result runs along per-sample axis 1 (features).
    /// </summary>
    public static Normalization ComputeValidSteps(Tensor x, Tensor lengths)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(lengths);
        using var scope = NewDisposeScope();
        var mask = arange(x.shape[1], device: x.device).unsqueeze(0).lt(lengths.unsqueeze(1));
        var valid = x[mask];
        return Compute(valid, 1, axis: 0) with { Axis = 1 };
    }

    // Stats go into dataset.json: a fixed number of digits keeps the file identical across runs and readable.
    private static double Round(double value) => Math.Round(value, 6);
}
