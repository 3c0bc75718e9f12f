using System.Globalization;

namespace Repro.Core.Search.SearchSpace;

/// <summary>
/// <c>choice(a, b, ...)</c>: one of a list of numbers, strings or booleans. Choices are values, not ordered: samplers
/// never assume that neighbouring choices give similar results.
/// </summary>
public sealed record CategoricalDistribution : Distribution
{
    public CategoricalDistribution(IReadOnlyList<object> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        Choices = choices;
    }

    /// <summary>The choices, in the order written; each a <see cref="double"/>, <see cref="long"/>, <see cref="string"/> or <see cref="bool"/>.</summary>
    public IReadOnlyList<object> Choices { get; }

    public override double ToInternal(object value)
    {
        var index = IndexOf(value);
        return index >= 0 ? index : throw new ArgumentException($"{value} is not one of {this}", nameof(value));
    }

    public override object FromInternal(double value) => Choices[(int)Math.Clamp(Math.Round(value), 0, Choices.Count - 1)];

    public override object Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Choices[random.Next(Choices.Count)];
    }

    public override bool Contains(object value) => IndexOf(value) >= 0;

    /// <summary>The index of <paramref name="value"/> among the choices, or -1. Numbers compare by value (1 equals 1.0).</summary>
    public int IndexOf(object value)
    {
        for (var i = 0; i < Choices.Count; i++)
            if (SameValue(Choices[i], value))
                return i;
        return -1;
    }

    public bool Equals(CategoricalDistribution? other) =>
        other is not null && Choices.Count == other.Choices.Count && Choices.Select((c, i) => SameValue(c, other.Choices[i])).All(b => b);

    public override int GetHashCode() => Choices.Count;

    public override string ToString() => $"choice({string.Join(", ", Choices.Select(Format))})";

    /// <summary>A choice as written in pipeline.yaml: numbers invariant, booleans lower case, strings bare.</summary>
    public static string Format(object value) =>
        value switch
        {
            bool b => b ? "true" : "false",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

    internal static bool SameValue(object a, object b) =>
        (a, b) switch
        {
            (string x, string y) => x == y,
            (bool x, bool y) => x == y,
            (double or long or int, double or long or int) => Convert.ToDouble(a, CultureInfo.InvariantCulture)
                == Convert.ToDouble(b, CultureInfo.InvariantCulture),
            _ => false,
        };
}
