using System.Globalization;

namespace Repro.Core.Steps;

/// <summary>Bounds for a number argument; each bound is inclusive unless marked exclusive.</summary>
public sealed record NumberRange(double? Min = null, double? Max = null, bool MinExclusive = false, bool MaxExclusive = false)
{
    /// <summary>Greater than zero (learning rates, temperatures).</summary>
    public static NumberRange Positive { get; } = new(0, MinExclusive: true);

    /// <summary>Zero or more (weight decay, clipping norms).</summary>
    public static NumberRange NonNegative { get; } = new(0);

    /// <summary>From 0 up to but not including 1 (dropout, validation fractions).</summary>
    public static NumberRange FractionBelowOne { get; } = new(0, 1, MaxExclusive: true);

    /// <summary>From 0 to 1 inclusive (momentum, betas, smoothing).</summary>
    public static NumberRange UnitInterval { get; } = new(0, 1);

    public bool Contains(double value) =>
        (Min is not { } lo || (MinExclusive ? value > lo : value >= lo))
        && (Max is not { } hi || (MaxExclusive ? value < hi : value <= hi));

    /// <summary>"a positive number", "a number in [0, 1)", ...</summary>
    public string Describe() =>
        this switch
        {
            { Min: 0, Max: null, MinExclusive: true } => "a positive number",
            { Min: 0, Max: null } => "a non-negative number",
            { Min: { } lo, Max: null } => $"a number {(MinExclusive ? ">" : ">=")} {Format(lo)}",
            { Min: null, Max: { } hi } => $"a number {(MaxExclusive ? "<" : "<=")} {Format(hi)}",
            { Min: { } lo, Max: { } hi } =>
                $"a number in {(MinExclusive ? "(" : "[")}{Format(lo)}, {Format(hi)}{(MaxExclusive ? ")" : "]")}",
            _ => "a number",
        };

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
