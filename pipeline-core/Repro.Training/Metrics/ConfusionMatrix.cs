namespace Repro.Training.Metrics;

/// <summary>
/// Counts of (actual, predicted) class pairs, and the metrics read off it. A class that is never predicted has precision 0,
/// one that never occurs has recall 0 (scikit-learn's <c>zero_division=0</c>), so macro averages never hide a class.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] counts;

    private ConfusionMatrix(long[,] counts) => this.counts = counts;

    /// <summary>Number of classes.</summary>
    public int NumClasses => counts.GetLength(0);

    /// <summary>Number of samples.</summary>
    public long Total { get; private init; }

    /// <summary>How many samples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => counts[actual, predicted];

    /// <summary>Tallies <paramref name="actual"/> against <paramref name="predicted"/> class indices.</summary>
    public static ConfusionMatrix From(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentOutOfRangeException.ThrowIfNotEqual(predicted.Count, actual.Count);
        var counts = new long[numClasses, numClasses];
        for (var i = 0; i < actual.Count; i++)
            counts[actual[i], predicted[i]]++;
        return new ConfusionMatrix(counts) { Total = actual.Count };
    }

    /// <summary>Fraction of samples predicted correctly.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Enumerable.Range(0, NumClasses).Sum(c => counts[c, c]) / Total;

    /// <summary>Samples of class <paramref name="c"/>.</summary>
    public long Support(int c) => Enumerable.Range(0, NumClasses).Sum(p => counts[c, p]);

    /// <summary>Of the samples predicted as <paramref name="c"/>, the fraction that are <paramref name="c"/>.</summary>
    public double Precision(int c)
    {
        var predicted = Enumerable.Range(0, NumClasses).Sum(a => counts[a, c]);
        return predicted == 0 ? 0 : (double)counts[c, c] / predicted;
    }

    /// <summary>Of the samples of class <paramref name="c"/>, the fraction predicted as <paramref name="c"/>.</summary>
    public double Recall(int c)
    {
        var support = Support(c);
        return support == 0 ? 0 : (double)counts[c, c] / support;
    }

    /// <summary>Harmonic mean of precision and recall of class <paramref name="c"/>.</summary>
    public double F1(int c)
    {
        var (p, r) = (Precision(c), Recall(c));
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /// <summary>Unweighted mean of per-class precision.</summary>
    public double PrecisionMacro => Macro(Precision);

    /// <summary>Unweighted mean of per-class recall.</summary>
    public double RecallMacro => Macro(Recall);

    /// <summary>Unweighted mean of per-class F1 (as scikit-learn's <c>f1_score(average="macro")</c>).</summary>
    public double F1Macro => Macro(F1);

    /// <summary>The counts as rows of actual classes.</summary>
    public long[][] ToRows() =>
        [.. Enumerable.Range(0, NumClasses).Select(a => Enumerable.Range(0, NumClasses).Select(p => counts[a, p]).ToArray())];

    /// <summary>CSV with a header row of predicted class names and one row per actual class.</summary>
    public string ToCsv(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        var names = Enumerable
            .Range(0, NumClasses)
            .Select(c => Quote(c < classNames.Count ? classNames[c] : c.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var lines = new List<string> { "actual\\predicted," + string.Join(",", names) };
        lines.AddRange(names.Select((name, a) => name + "," + string.Join(",", Enumerable.Range(0, NumClasses).Select(p => counts[a, p]))));
        return string.Join("\n", lines) + "\n";
    }

    private double Macro(Func<int, double> perClass) => NumClasses == 0 ? 0 : Enumerable.Range(0, NumClasses).Average(perClass);

    private static string Quote(string text) =>
        text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal)
            ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : text;
}
