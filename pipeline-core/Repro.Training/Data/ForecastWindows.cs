namespace Repro.Training.Data;

/// <summary>
/// Cuts a time series into forecasting windows: inputs are <c>window</c> consecutive rows of every feature, targets the
/// next <c>horizon</c> values of the target column. The series is split in time, not at random, so no validation target
/// was ever seen in training: a window belongs to the split that holds all of its targets (its inputs may reach back into
/// the split before, which is known history), and a window whose targets straddle two splits is dropped.
/// </summary>
public sealed class ForecastWindows
{
    private ForecastWindows(float[] x, float[] y, float[] lastValues, int count)
    {
        X = x;
        Y = y;
        LastValues = lastValues;
        Count = count;
    }

    /// <summary>Inputs, row-major <c>[Count, window, features]</c>.</summary>
    public float[] X { get; }

    /// <summary>Targets, row-major <c>[Count, horizon]</c>.</summary>
    public float[] Y { get; }

    /// <summary>The target column's last value inside each window (the naive forecast).</summary>
    public float[] LastValues { get; }

    /// <summary>Number of windows.</summary>
    public int Count { get; }

    /// <summary>
    /// The windows whose targets all lie in rows <c>[from, to)</c> of the series. <paramref name="features"/> holds one
    /// array per input column, <paramref name="target"/> the target column; all have the series' length.
    /// </summary>
    public static ForecastWindows Build(
        IReadOnlyList<double[]> features,
        double[] target,
        int window,
        int horizon,
        int stride,
        int from,
        int to
    )
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        var starts = new List<int>();
        // Window start s: inputs s .. s+window-1, targets s+window .. s+window+horizon-1. Strides count from row 0, so
        // the windows of every split lie on one grid.
        for (var s = 0; s + window + horizon <= target.Length; s += stride)
        {
            if (s + window >= from && s + window + horizon <= to)
                starts.Add(s);
        }
        var f = features.Count;
        var x = new float[starts.Count * window * f];
        var y = new float[starts.Count * horizon];
        var last = new float[starts.Count];
        for (var i = 0; i < starts.Count; i++)
        {
            var s = starts[i];
            for (var t = 0; t < window; t++)
            for (var c = 0; c < f; c++)
                x[(((i * window) + t) * f) + c] = (float)features[c][s + t];
            for (var h = 0; h < horizon; h++)
                y[(i * horizon) + h] = (float)target[s + window + h];
            last[i] = (float)target[s + window - 1];
        }
        return new ForecastWindows(x, y, last, starts.Count);
    }

    /// <summary>Mean squared and mean absolute error of predicting every target of window <c>i</c> as <paramref name="prediction"/>(i).</summary>
    public (double Mse, double Mae) ErrorOf(Func<int, double> prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        double squares = 0,
            absolutes = 0;
        var horizon = Count == 0 ? 0 : Y.Length / Count;
        for (var i = 0; i < Count; i++)
        {
            var guess = prediction(i);
            for (var h = 0; h < horizon; h++)
            {
                var error = Y[(i * horizon) + h] - guess;
                squares += error * error;
                absolutes += Math.Abs(error);
            }
        }
        return Y.Length == 0 ? (double.NaN, double.NaN) : (squares / Y.Length, absolutes / Y.Length);
    }
}
