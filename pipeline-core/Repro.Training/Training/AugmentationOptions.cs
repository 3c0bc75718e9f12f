namespace Repro.Training.Training;

/// <summary>
/// The <c>with.augmentation</c> arguments, applied to training batches only and drawn from the trainer's seeded
/// generator, so an augmented run is as reproducible as a plain one.
/// </summary>
public sealed record AugmentationOptions
{
    /// <summary>Images: pad by this many pixels (zeros), then crop back to the original size at a random offset. <value>The default is 0 (off).</value></summary>
    public int CropPadding { get; init; }

    /// <summary>Images: probability of a horizontal flip. <value>The default is 0 (off).</value></summary>
    public double HorizontalFlip { get; init; }

    /// <summary>Images: rotate by a uniform angle in ±this many degrees. <value>The default is 0 (off).</value></summary>
    public double RotationDegrees { get; init; }

    /// <summary>Sequences and tables: add Gaussian noise of this standard deviation (in normalised units). <value>The default is 0 (off).</value></summary>
    public double GaussianNoise { get; init; }

    /// <summary>Whether any augmentation is on.</summary>
    public bool Any => CropPadding > 0 || HorizontalFlip > 0 || RotationDegrees > 0 || GaussianNoise > 0;
}
