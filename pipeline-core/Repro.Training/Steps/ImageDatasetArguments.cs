using Repro.Core.Steps;

namespace Repro.Training.Steps;

/// <summary>The <c>with:</c> arguments of <c>data/fashion-mnist</c>, <c>data/mnist</c> and <c>data/cifar10</c>.</summary>
public sealed record ImageDatasetArguments
{
    /// <summary>The folder holding the files, as written; null looks in the step's install folders.</summary>
    public string? Source { get; init; }

    /// <summary>Fraction of the training images held out (seeded) as <c>val</c>. <value>The default is 0.1.</value></summary>
    public double ValFraction { get; init; } = 0.1;

    /// <summary>Keep the first N images of each file; null keeps them all.</summary>
    public int? Limit { get; init; }

    /// <summary>Per-channel mean and deviation of the kept training images. <value>The default is true.</value></summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Reads the arguments, recording every problem in <paramref name="with"/>.</summary>
    /// <param name="with">The stage's arguments.</param>
    /// <param name="sourceRequired">Whether <c>source</c> must be given (there is no install folder to look in).</param>
    public static ImageDatasetArguments Read(StepArguments with, bool sourceRequired)
    {
        ArgumentNullException.ThrowIfNull(with);
        return new ImageDatasetArguments
        {
            Source = sourceRequired ? with.GetString("source") : with.GetOptionalString("source"),
            ValFraction = with.GetDouble("val_fraction", 0.1, NumberRange.FractionBelowOne),
            Limit = with.GetOptionalInt("limit", min: 1),
            Normalize = with.GetBool("normalize", true),
        };
    }
}
