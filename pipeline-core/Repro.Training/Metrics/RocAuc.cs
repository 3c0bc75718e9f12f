namespace Repro.Training.Metrics;

/// <summary>Area under the ROC curve, from scores, by ranks (Mann–Whitney U) so tied scores count one half.</summary>
public static class RocAuc
{
    /// <summary>
    /// AUC of <paramref name="scores"/> for separating <paramref name="positive"/> samples from the rest, or <c>null</c> when
    /// one of the two groups is empty (AUC is undefined there).
    /// </summary>
    public static double? Binary(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(positive);
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Count];
        for (var start = 0; start < order.Length; )
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
                end++;
            // Tied scores share the mean of their ranks (1-based).
            var rank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
                ranks[order[k]] = rank;
            start = end + 1;
        }
        long positives = positive.Count(p => p);
        long negatives = positive.Count - positives;
        if (positives == 0 || negatives == 0)
            return null;
        var positiveRankSum = Enumerable.Range(0, ranks.Length).Where(i => positive[i]).Sum(i => ranks[i]);
        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    /// <summary>
    /// Macro average over classes of the one-vs-rest AUC of each class's probability (<paramref name="probabilities"/>[sample][class]),
    /// over the classes present and absent at least once; <c>null</c> when there are none.
    /// </summary>
    public static double? OneVsRest(IReadOnlyList<double[]> probabilities, IReadOnlyList<int> actual, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(actual);
        var perClass = Enumerable
            .Range(0, numClasses)
            .Select(c => Binary([.. probabilities.Select(p => p[c])], [.. actual.Select(a => a == c)]))
            .OfType<double>()
            .ToList();
        return perClass.Count == 0 ? null : perClass.Average();
    }
}
