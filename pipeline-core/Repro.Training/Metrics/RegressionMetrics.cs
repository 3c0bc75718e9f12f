namespace Repro.Training.Metrics;

/// <summary>Errors of predictions against targets, over every element (all horizons of a forecast).</summary>
public sealed record RegressionMetrics(double Mse, double Mae, double R2)
{
    /// <summary>Mean squared error, mean absolute error and R² (1 − SSres/SStot; 0 when the targets are constant).</summary>
    public static RegressionMetrics From(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentOutOfRangeException.ThrowIfNotEqual(predicted.Count, actual.Count);
        if (actual.Count == 0)
            return new RegressionMetrics(0, 0, 0);
        var mean = actual.Average();
        double squares = 0,
            absolute = 0,
            total = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var error = predicted[i] - actual[i];
            squares += error * error;
            absolute += Math.Abs(error);
            total += (actual[i] - mean) * (actual[i] - mean);
        }
        return new RegressionMetrics(squares / actual.Count, absolute / actual.Count, total == 0 ? 0 : 1 - (squares / total));
    }
}
