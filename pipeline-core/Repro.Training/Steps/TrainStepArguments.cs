using Repro.Core.Steps;
using Repro.Training.Models;

namespace Repro.Training.Steps;

/// <summary>
/// The <c>with:</c> arguments of a <c>train</c> stage. Its <c>model.type</c> picks the trainer, and with it the keys:
/// <see cref="LanguageModelArguments"/> for <c>transformer_lm</c>, <see cref="DcganArguments"/> for <c>dcgan</c>,
/// <see cref="TrainArguments"/> for every classifier and regressor.
/// </summary>
public abstract record TrainStepArguments
{
    /// <summary>The prepared dataset (or text) folder, as written (relative to the project).</summary>
    public required string Data { get; init; }

    /// <summary><c>auto</c>, <c>cpu</c> or <c>cuda</c>; null keeps the engine's choice.</summary>
    public string? Device { get; init; }

    /// <summary>Reads the arguments of the trainer <c>model.type</c> names, recording every problem in <paramref name="with"/>.</summary>
    public static TrainStepArguments Read(StepArguments with)
    {
        ArgumentNullException.ThrowIfNull(with);
        var model = with.GetSection("model", shorthandKey: "type");
        var type = model.GetEnum("type", ModelFactory.Types, "model type");
        return type switch
        {
            "transformer_lm" => LanguageModelArguments.Read(with, model),
            "dcgan" => DcganArguments.Read(with, model),
            _ => TrainArguments.Read(with, model, type),
        };
    }
}
