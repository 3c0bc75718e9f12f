namespace Repro.Tool.Reports;

/// <summary>The values of one metric of one stage, by step (epoch), in step order.</summary>
public sealed record MetricSeries(string Stage, string Name, IReadOnlyList<long> Steps, IReadOnlyList<double> Values)
{
    /// <summary>Groups flat points (stage, step, name, value) into series, ordered by stage, name and step.</summary>
    public static IReadOnlyList<MetricSeries> Group(IEnumerable<(string Stage, long Step, string Name, double Value)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return
        [
            .. points
                .GroupBy(p => (p.Stage, p.Name))
                .OrderBy(g => g.Key.Stage, StringComparer.Ordinal)
                .ThenBy(g => g.Key.Name, StringComparer.Ordinal)
                .Select(g =>
                {
                    var ordered = g.OrderBy(p => p.Step).ToList();
                    return new MetricSeries(g.Key.Stage, g.Key.Name, [.. ordered.Select(p => p.Step)], [.. ordered.Select(p => p.Value)]);
                }),
        ];
    }
}
