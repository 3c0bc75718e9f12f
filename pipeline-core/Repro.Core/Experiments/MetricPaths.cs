namespace Repro.Core.Experiments;

/// <summary>
/// Names metrics for comparison. A key is shown alone (<c>val_acc</c>) when only one stage (or file) has it, and as
/// <c>stage:key</c> when several do, so the common case reads naturally and no two values are ever merged.
/// </summary>
public static class MetricPaths
{
    /// <summary>Flattens metrics given per group (stage or file → key → value) into one path → value map.</summary>
    public static IReadOnlyDictionary<string, double> Flatten(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> byFile)
    {
        ArgumentNullException.ThrowIfNull(byFile);
        var owners = byFile.SelectMany(f => f.Value.Keys).GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (file, values) in byFile)
        {
            foreach (var (key, value) in values)
                result[owners[key] == 1 ? key : $"{file}:{key}"] = value;
        }
        return result;
    }
}
