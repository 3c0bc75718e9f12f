namespace Repro.Core.Search;

/// <summary>Comparisons that read the same for both directions, so no caller writes <c>direction == Minimize ? a &lt; b : a &gt; b</c>.</summary>
public static class StudyDirectionExtensions
{
    /// <summary>True when <paramref name="value"/> is strictly better than <paramref name="other"/>.</summary>
    public static bool IsBetter(this StudyDirection direction, double value, double other) =>
        direction == StudyDirection.Minimize ? value < other : value > other;

    /// <summary>True when <paramref name="value"/> is strictly worse than <paramref name="other"/>.</summary>
    public static bool IsWorse(this StudyDirection direction, double value, double other) =>
        direction == StudyDirection.Minimize ? value > other : value < other;

    /// <summary>The value as a loss: itself when minimizing, its negation when maximizing.</summary>
    public static double ToLoss(this StudyDirection direction, double value) => direction == StudyDirection.Minimize ? value : -value;

    /// <summary>The better of two values.</summary>
    public static double Best(this StudyDirection direction, double a, double b) => direction.IsBetter(b, a) ? b : a;

    /// <summary><c>minimize</c> or <c>maximize</c>, as written in pipeline.yaml.</summary>
    public static string ToYaml(this StudyDirection direction) => direction == StudyDirection.Minimize ? "minimize" : "maximize";
}
