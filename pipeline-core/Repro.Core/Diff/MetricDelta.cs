namespace Repro.Core.Diff;

/// <summary>A metric in A and in B, with the change from A to B; null where one side lacks it.</summary>
public sealed record MetricDelta(string Path, double? A, double? B)
{
    /// <summary>B − A, when both exist.</summary>
    public double? Delta => A is { } a && B is { } b ? b - a : null;

    /// <summary>(B − A) / |A|, when both exist and A is not zero.</summary>
    public double? Relative => A is { } a && B is { } b && a != 0 ? (b - a) / Math.Abs(a) : null;

    // Bit-level equality: a metric that moved in the last digit did move, and verify is where tolerances live.
    public bool Changed => A != B;
}
