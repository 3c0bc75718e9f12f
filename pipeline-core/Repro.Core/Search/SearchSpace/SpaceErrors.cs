namespace Repro.Core.Search.SearchSpace;

/// <summary>Every sentence a user reads about a bad search space, in one place so the wording stays consistent.</summary>
public static class SpaceErrors
{
    private const string Forms = "uniform(a, b), loguniform(a, b), int(a, b), int(a, b, log), logint(a, b) or choice(x, y, ...)";

    public static Diagnostic NotADistribution(SourceLocation? at, string name, string found) =>
        new(at, $"search parameter '{name}': expected a distribution, found '{found}'", $"write one of {Forms}");

    public static Diagnostic UnknownDistribution(SourceLocation? at, string name, string function, string text)
    {
        var closest = Closest(function, ["uniform", "loguniform", "int", "logint", "choice"]);
        return new(
            at,
            $"search parameter '{name}': unknown distribution '{function}' in '{text}'",
            closest is null ? $"write one of {Forms}" : $"did you mean '{closest}'?"
        );
    }

    public static Diagnostic Unparsable(SourceLocation? at, string name, string text) =>
        new(at, $"search parameter '{name}': cannot read '{text}'", $"write one of {Forms}");

    public static Diagnostic WrongArguments(SourceLocation? at, string name, string text, string expected) =>
        new(at, $"search parameter '{name}': {expected}, found '{text}'");

    public static Diagnostic EmptyRange(SourceLocation? at, string name, string text, string low, string high) =>
        new(at, $"search parameter '{name}': low {low} is greater than high {high} in '{text}'", "swap the bounds");

    public static Diagnostic LogNeedsPositiveLow(SourceLocation? at, string name, string text, string low) =>
        new(
            at,
            $"search parameter '{name}': a log scale needs low > 0, found {low} in '{text}'",
            "a log scale never reaches 0: start at a small positive value such as 1e-6"
        );

    public static Diagnostic EmptyChoice(SourceLocation? at, string name) =>
        new(at, $"search parameter '{name}': choice() needs at least one value");

    public static Diagnostic DuplicateChoice(SourceLocation? at, string name, string value) =>
        new(at, $"search parameter '{name}': the value {value} appears twice in choice(...)");

    public static Diagnostic BadConditional(SourceLocation? at, string name) =>
        new(
            at,
            $"search parameter '{name}': a conditional parameter needs exactly the keys 'when' and 'value'",
            "write it as {when: {train.optimizer: sgd}, value: \"uniform(0.8, 0.99)\"}"
        );

    public static Diagnostic UnknownConditionParameter(SourceLocation? at, string name, string parent, IEnumerable<string> known)
    {
        var closest = Closest(parent, known);
        return new(
            at,
            $"search parameter '{name}' depends on '{parent}', which is not a parameter of the space",
            closest is null ? "a condition names another parameter of the same space" : $"did you mean '{closest}'?"
        );
    }

    public static Diagnostic ConditionOnContinuous(SourceLocation? at, string name, string parent, Distribution distribution) =>
        new(
            at,
            $"search parameter '{name}' depends on '{parent}' ({distribution}), which is not a choice or int parameter",
            "a condition compares exact values: make the parent a choice(...) or an int(...)"
        );

    public static Diagnostic ConditionValueNotPossible(
        SourceLocation? at,
        string name,
        string parent,
        string value,
        Distribution distribution
    ) => new(at, $"search parameter '{name}' depends on '{parent}' being {value}, which {distribution} never gives");

    public static Diagnostic ConditionCycle(SourceLocation? at, IEnumerable<string> cycle) =>
        new(at, $"the conditions of the search space form a cycle: {string.Join(" -> ", cycle)}");

    public static Diagnostic EmptySpace(SourceLocation? at) =>
        new(at, "the search space is empty", "give at least one parameter, for example space: { train.lr: \"loguniform(1e-4, 1e-1)\" }");

    internal static string? Closest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Levenshtein(word, candidate);
            if (distance < bestDistance)
                (best, bestDistance) = (candidate, distance);
        }
        // Further than a third of the word is a different word, not a typo.
        return bestDistance <= Math.Max(1, word.Length / 3) ? best : null;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
