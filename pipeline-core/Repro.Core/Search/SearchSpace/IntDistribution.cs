using System.Globalization;

namespace Repro.Core.Search.SearchSpace;

/// <summary><c>int(low, high)</c> or <c>int(low, high, log)</c>: an integer in [low, high], both ends included.</summary>
public sealed record IntDistribution(long Low, long High, bool Log) : Distribution
{
    public override double ToInternal(object value) =>
        value switch
        {
            long l => l,
            int i => i,
            double d when d == Math.Round(d) => d,
            _ => throw new ArgumentException($"{value} is not an integer", nameof(value)),
        };

    public override object FromInternal(double value) => (long)Math.Clamp(Math.Round(value), Low, High);

    public override object Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!Log)
            return random.NextInt64(Low, High + 1);
        // Uniform in log space over [low - 0.5, high + 0.5], then rounded: each integer gets the log-width of its cell.
        var lo = Math.Log(Low - 0.5);
        var hi = Math.Log(High + 0.5);
        return FromInternal(Math.Exp(lo + (random.NextDouble() * (hi - lo))));
    }

    public override bool Contains(object value) =>
        value is long or int || (value is double d && d == Math.Round(d)) ? ToInternal(value) is var v && v >= Low && v <= High : false;

    /// <summary>How many integers the distribution holds.</summary>
    public long Count => High - Low + 1;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"int({Low}, {High}{(Log ? ", log" : "")})");
}
