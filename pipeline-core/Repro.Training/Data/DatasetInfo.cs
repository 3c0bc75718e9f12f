using System.Text.Json;
using System.Text.Json.Serialization;

namespace Repro.Training.Data;

/// <summary>
/// The <c>dataset.json</c> of a prepared dataset folder: what the tensors hold and where they came from.
/// Written by data steps, read by <c>train</c>, <c>evaluate</c> and custom trainers.
/// </summary>
public sealed record DatasetInfo
{
    /// <summary>The folder format; bumped when a reader of the old one would misread the new one.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Format version of this folder.</summary>
    public int Format { get; init; } = CurrentFormat;

    /// <summary>One of <see cref="DatasetKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>Which step made it (<c>data/fashion-mnist</c>, <c>data/csv</c>, ...).</summary>
    public required string Producer { get; init; }

    /// <summary>Number of classes for classification kinds; 0 for regression and forecasting.</summary>
    public int NumClasses { get; init; }

    /// <summary>Class names by label index (empty for regression and forecasting).</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>
    /// Shape of one input sample, batch dimension excluded: <c>[1, 28, 28]</c> for an image, <c>[features]</c> for a
    /// table row, <c>[max_length, features]</c> for a sequence.
    /// </summary>
    public required IReadOnlyList<long> InputShape { get; init; }

    /// <summary>Shape of one target: <c>[]</c> for a class index or a single value, <c>[horizon]</c> for forecasting.</summary>
    public IReadOnlyList<long> TargetShape { get; init; } = [];

    /// <summary>Feature names for tabular and sequence data (CSV column names), in input order.</summary>
    public IReadOnlyList<string> FeatureNames { get; init; } = [];

    /// <summary>How stored inputs become model inputs; applied in place by <see cref="PreparedDataset.Load"/>.</summary>
    public required Normalization Normalization { get; init; }

    /// <summary>Whether inputs are padded sequences with a <c>&lt;split&gt;_lengths.pt</c> tensor of true lengths.</summary>
    public bool VariableLength { get; init; }

    /// <summary>Sample count of each split present (<c>train</c>, <c>val</c>, <c>test</c>).</summary>
    public required IReadOnlyDictionary<string, long> Splits { get; init; }

    /// <summary>
    /// Scores of trivial predictors on the held-out splits, for forecasting: <c>naive_val_mse</c> (the last observed value
    /// repeated), <c>mean_val_mse</c> (the training mean), their <c>_mae</c> and <c>test</c> variants. Empty for other kinds.
    /// </summary>
    public IReadOnlyDictionary<string, double> Baselines { get; init; } = new Dictionary<string, double>();

    /// <summary>The files it was read from, with their SHA-256, so a changed source is visible.</summary>
    public IReadOnlyList<SourceFile> Sources { get; init; } = [];

    /// <summary>Arguments the step resolved (seed, val_fraction, limit, ...), for the record.</summary>
    public IReadOnlyDictionary<string, object?> Arguments { get; init; } = new Dictionary<string, object?>();

    /// <summary>snake_case, indented, as in every other file Repro writes for people to read.</summary>
    public static JsonSerializerOptions JsonOptions { get; } =
        new()
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
}
