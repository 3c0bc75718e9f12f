using System.Globalization;

namespace Repro.Core.Search.SearchSpace;

/// <summary><c>uniform(low, high)</c> or, with <paramref name="Log"/>, <c>loguniform(low, high)</c>: a real number in [low, high].</summary>
public sealed record FloatDistribution(double Low, double High, bool Log) : Distribution
{
    public override double ToInternal(object value) =>
        value switch
        {
            double d => d,
            float f => f,
            long l => l,
            int i => i,
            decimal m => (double)m,
            _ => throw new ArgumentException($"{value} is not a number", nameof(value)),
        };

    public override object FromInternal(double value) => Math.Clamp(value, Low, High);

    public override object Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u = random.NextDouble();
        var value = Log ? Math.Exp(Math.Log(Low) + (u * (Math.Log(High) - Math.Log(Low)))) : Low + (u * (High - Low));
        return Math.Clamp(value, Low, High);
    }

    public override bool Contains(object value) =>
        value is double or float or long or int or decimal && ToInternal(value) is var d && d >= Low && d <= High;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Log ? "loguniform" : "uniform")}({Low:R}, {High:R})");
}
