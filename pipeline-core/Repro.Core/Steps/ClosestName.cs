namespace Repro.Core.Steps;

/// <summary>Finds the name a user probably meant, for "did you mean" hints.</summary>
public static class ClosestName
{
    /// <summary>
    /// The candidate nearest to <paramref name="input"/> by edit distance (case-insensitive), or <c>null</c> when
    /// none is close enough to be a plausible typo.
    /// </summary>
    public static string? Find(string input, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        // A third of the longer name: 'epoch' -> 'epochs' and 'cnnn' -> 'cnn' qualify, 'sgd' -> 'adam' does not.
        return best is not null && bestDistance <= Math.Max(1, Math.Max(input.Length, best.Length) / 3) ? best : null;
    }

    /// <summary>Up to <paramref name="max"/> plausible candidates, nearest first (for "did you mean" lists).</summary>
    public static IReadOnlyList<string> FindAll(string input, IEnumerable<string> candidates, int max)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(candidates);
        var lowered = input.ToLowerInvariant();
        return
        [
            .. candidates
                .Distinct(StringComparer.Ordinal)
                .Select(c => (Name: c, Distance: Distance(lowered, c.ToLowerInvariant())))
                .Where(c =>
                    c.Distance <= Math.Max(1, Math.Max(input.Length, c.Name.Length) / 3)
                    || c.Name.Contains(input, StringComparison.OrdinalIgnoreCase)
                )
                .OrderBy(c => c.Distance)
                .ThenBy(c => c.Name, StringComparer.Ordinal)
                .Take(max)
                .Select(c => c.Name),
        ];
    }

    // Optimal string alignment: a swap of two neighbouring letters counts as one edit.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
