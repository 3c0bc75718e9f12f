using System.Globalization;

namespace Repro.Core.Search.SearchSpace;

/// <summary>Reads <c>name(arg, arg, ...)</c>: the text of one space entry. Problems go to a list, never thrown.</summary>
internal static class DistributionParser
{
    public static Distribution? Parse(string name, string text, SourceLocation? at, List<Diagnostic> problems)
    {
        var trimmed = text.Trim();
        var open = trimmed.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !trimmed.EndsWith(')'))
        {
            problems.Add(
                double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || !trimmed.Contains('(')
                    ? SpaceErrors.NotADistribution(at, name, trimmed)
                    : SpaceErrors.Unparsable(at, name, trimmed)
            );
            return null;
        }
        var function = trimmed[..open].Trim();
        if (SplitArguments(trimmed[(open + 1)..^1]) is not { } args)
        {
            problems.Add(SpaceErrors.Unparsable(at, name, trimmed));
            return null;
        }
        switch (function)
        {
            case "uniform":
            case "loguniform":
            {
                var log = function == "loguniform";
                if (args.Count != 2 || !TryNumber(args[0], out var low) || !TryNumber(args[1], out var high))
                {
                    problems.Add(SpaceErrors.WrongArguments(at, name, trimmed, $"{function} takes two numbers (low, high)"));
                    return null;
                }
                return CheckRange(name, trimmed, at, problems, low, high, log, args) ? new FloatDistribution(low, high, log) : null;
            }
            case "int":
            case "logint":
            {
                var log = function == "logint" || (args.Count == 3 && args[2].Text == "log" && !args[2].Quoted);
                var expectedCount = function == "int" && args.Count == 3 ? 3 : 2;
                if (
                    args.Count != expectedCount
                    || !TryInteger(args[0], out var low)
                    || !TryInteger(args[1], out var high)
                    || (args.Count == 3 && !log)
                )
                {
                    problems.Add(
                        SpaceErrors.WrongArguments(
                            at,
                            name,
                            trimmed,
                            function == "int"
                                ? "int takes two integers (low, high) and an optional 'log'"
                                : "logint takes two integers (low, high)"
                        )
                    );
                    return null;
                }
                return CheckRange(name, trimmed, at, problems, low, high, log, args) ? new IntDistribution(low, high, log) : null;
            }
            case "choice":
            {
                if (args.Count == 0)
                {
                    problems.Add(SpaceErrors.EmptyChoice(at, name));
                    return null;
                }
                var choices = args.Select(ToValue).ToList();
                return CheckChoices(name, at, problems, choices) ? new CategoricalDistribution(choices) : null;
            }
            default:
                problems.Add(SpaceErrors.UnknownDistribution(at, name, function, trimmed));
                return null;
        }
    }

    /// <summary>Rejects repeated choices: they would silently double a value's prior probability.</summary>
    public static bool CheckChoices(string name, SourceLocation? at, List<Diagnostic> problems, List<object> choices)
    {
        if (choices.Count == 0)
        {
            problems.Add(SpaceErrors.EmptyChoice(at, name));
            return false;
        }
        for (var i = 0; i < choices.Count; i++)
        for (var j = 0; j < i; j++)
            if (CategoricalDistribution.SameValue(choices[i], choices[j]))
            {
                problems.Add(SpaceErrors.DuplicateChoice(at, name, CategoricalDistribution.Format(choices[i])));
                return false;
            }
        return true;
    }

    private static bool CheckRange(
        string name,
        string text,
        SourceLocation? at,
        List<Diagnostic> problems,
        double low,
        double high,
        bool log,
        List<Argument> args
    )
    {
        if (low > high)
        {
            problems.Add(SpaceErrors.EmptyRange(at, name, text, args[0].Text, args[1].Text));
            return false;
        }
        if (log && low <= 0)
        {
            problems.Add(SpaceErrors.LogNeedsPositiveLow(at, name, text, args[0].Text));
            return false;
        }
        return true;
    }

    /// <summary>A choice value: true/false, an integer, a real number, or else a string (quoted or bare).</summary>
    public static object ToValue(Argument argument)
    {
        if (argument.Quoted)
            return argument.Text;
        if (argument.Text is "true" or "True")
            return true;
        if (argument.Text is "false" or "False")
            return false;
        if (long.TryParse(argument.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
            return l;
        if (double.TryParse(argument.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return d;
        return argument.Text;
    }

    private static bool TryNumber(Argument argument, out double value) =>
        double.TryParse(argument.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
        && !argument.Quoted
        && double.IsFinite(value);

    private static bool TryInteger(Argument argument, out long value) =>
        long.TryParse(argument.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && !argument.Quoted;

    /// <summary>Splits on commas outside quotes; null when a quote is left open.</summary>
    private static List<Argument>? SplitArguments(string inner)
    {
        var args = new List<Argument>();
        if (inner.Trim().Length == 0)
            return args;
        var current = new System.Text.StringBuilder();
        char? quote = null;
        var quoted = false;
        foreach (var c in inner)
        {
            if (quote is { } q)
            {
                if (c == q)
                    quote = null;
                else
                    current.Append(c);
            }
            else if (c is '"' or '\'')
            {
                if (current.ToString().Trim().Length == 0)
                    current.Clear();
                quote = c;
                quoted = true;
            }
            else if (c == ',')
            {
                args.Add(new Argument(quoted ? current.ToString() : current.ToString().Trim(), quoted));
                current.Clear();
                quoted = false;
            }
            else if (!quoted || !char.IsWhiteSpace(c))
                current.Append(c);
        }
        if (quote is not null)
            return null;
        args.Add(new Argument(quoted ? current.ToString() : current.ToString().Trim(), quoted));
        return args;
    }

    internal readonly record struct Argument(string Text, bool Quoted);
}
