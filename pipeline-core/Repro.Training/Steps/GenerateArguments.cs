using Repro.Core.Steps;

namespace Repro.Training.Steps;

/// <summary>
/// The <c>with:</c> arguments of <c>generate</c> (<see cref="GenerateStep"/>). Which keys apply depends on the model file's
/// kind, known only when it is read: <see cref="Read"/> accepts the keys of both kinds with their types and ranges, and
/// <see cref="CheckKind"/> holds them to the model's kind once it is known.
/// </summary>
public sealed record GenerateArguments
{
    private static readonly string[] TextKeys = ["prompt", "length", "temperature", "top_k"];
    private static readonly string[] ImageKeys = ["columns"];

    /// <summary>The model file, as written.</summary>
    public required string Model { get; init; }

    /// <summary>The first sample's seed; null takes the stage's.</summary>
    public int? Seed { get; init; }

    /// <summary><c>auto</c>, <c>cpu</c> or <c>cuda</c>; null keeps the engine's choice.</summary>
    public string? Device { get; init; }

    /// <summary><c>transformer_lm</c>: the text to continue (required there).</summary>
    public string? Prompt { get; init; }

    /// <summary><c>transformer_lm</c>: tokens generated per sample. <value>The default is 200.</value></summary>
    public int Length { get; init; } = 200;

    /// <summary><c>transformer_lm</c>: 0 is greedy. <value>The default is 1.</value></summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary><c>transformer_lm</c>: sample among the k likeliest tokens; 0 is all. <value>The default is 0.</value></summary>
    public int TopK { get; init; }

    /// <summary>Samples (texts or images); null takes the kind's default, 1 text or 64 images.</summary>
    public int? Samples { get; init; }

    /// <summary><c>dcgan</c>: columns of the grid; null is the square root of the samples, rounded up.</summary>
    public int? Columns { get; init; }

    /// <summary>The most images one stage generates.</summary>
    public const int MaxImages = 100_000;

    /// <summary>Reads the arguments of every model kind, recording every problem in <paramref name="with"/>.</summary>
    public static GenerateArguments Read(StepArguments with)
    {
        ArgumentNullException.ThrowIfNull(with);
        return new GenerateArguments
        {
            Model = with.GetString("model"),
            Seed = with.GetOptionalInt("seed", min: 0),
            Device = TorchSetup.ReadDevice(with),
            Prompt = with.GetOptionalString("prompt"),
            Length = with.GetInt("length", 200, min: 0),
            Temperature = with.GetDouble("temperature", 1.0, NumberRange.NonNegative),
            TopK = with.GetInt("top_k", 0, min: 0),
            Samples = with.GetOptionalInt("samples", min: 1),
            Columns = with.GetOptionalInt("columns", min: 1),
        };
    }

    /// <summary>
    /// Records in <paramref name="with"/> what does not suit a model of <paramref name="kind"/>: a <c>transformer_lm</c>
    /// needs a <c>prompt</c> and takes no <c>columns</c>; a <c>dcgan</c> takes no text keys and at most
    /// <see cref="MaxImages"/> samples.
    /// </summary>
    public void CheckKind(string kind, StepArguments with)
    {
        ArgumentNullException.ThrowIfNull(with);
        var (others, othersKind) = kind switch
        {
            "transformer_lm" => (ImageKeys, "dcgan models"),
            "dcgan" => (TextKeys, "transformer_lm models"),
            _ => ([], ""),
        };
        foreach (var key in others.Where(with.Has))
            with.Report(StepErrors.KeyNotForThis(with.LocationOf(key), $"with.{key}", $"a {kind} model", othersKind));
        // The kind's own rules, through the usual getters so the messages are the usual ones.
        if (kind == "transformer_lm")
            with.GetString("prompt");
        else if (kind == "dcgan")
            with.GetInt("samples", 64, min: 1, max: MaxImages);
    }
}
