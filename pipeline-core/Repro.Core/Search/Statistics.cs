namespace Repro.Core.Search;

/// <summary>Small statistics the pruners and summaries share.</summary>
internal static class Statistics
{
    /// <summary>The <paramref name="percent"/>-th percentile with linear interpolation between order statistics (numpy's default), skipping NaN; NaN when empty.</summary>
    public static double Percentile(IEnumerable<double> values, double percent)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        var position = percent / 100.0 * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    public static double Median(IEnumerable<double> values) => Percentile(values, 50);
}
