namespace Repro.Training.Data;

/// <summary>
/// Turns stored inputs into model inputs: <c>x = (stored / Scale - Mean[i]) / Std[i]</c>, where <c>i</c> runs along
/// per-sample axis <see cref="Axis"/> (the channel of an image, the feature of a row or sequence step).
/// Stats come from the training split only, so validation and test data never leak into them.
/// </summary>
public sealed record Normalization
{
    /// <summary>Divides stored values first (255 for bytes of an image); 1 for stored floats.</summary>
    public double Scale { get; init; } = 1;

    /// <summary>Per-slice means after scaling; empty for none.</summary>
    public IReadOnlyList<double> Mean { get; init; } = [];

    /// <summary>Per-slice standard deviations after scaling; empty for none.</summary>
    public IReadOnlyList<double> Std { get; init; } = [];

    /// <summary>The per-sample axis the stats run along (0 for image channels and row features; 1 for sequence features).</summary>
    public int Axis { get; init; }

    /// <summary>Stored values as they are.</summary>
    public static Normalization None { get; } = new();
}
