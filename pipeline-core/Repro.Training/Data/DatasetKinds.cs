namespace Repro.Training.Data;

/// <summary>The values of <see cref="DatasetInfo.Kind"/>.</summary>
public static class DatasetKinds
{
    /// <summary>Inputs of a fixed shape, an int64 class index per sample.</summary>
    public const string Classification = "classification";

    /// <summary>Inputs of a fixed shape, a float32 value per sample.</summary>
    public const string Regression = "regression";

    /// <summary>Padded float32 sequences <c>[N, T, F]</c> with int64 lengths, an int64 class index per sample.</summary>
    public const string SequenceClassification = "sequence-classification";

    /// <summary>Float32 windows <c>[N, window, F]</c>, float32 targets <c>[N, horizon]</c>.</summary>
    public const string Forecasting = "forecasting";

    /// <summary>A token stream (<c>data/text</c>): int64 token ids per split and the tokenizer that made them.</summary>
    public const string Text = "text";

    /// <summary>Every kind.</summary>
    public static IReadOnlyList<string> All { get; } = [Classification, Regression, SequenceClassification, Forecasting, Text];

    /// <summary>Whether targets are class indices.</summary>
    public static bool IsClassification(string kind) => kind is Classification or SequenceClassification;
}
