using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Core.Steps;
using Repro.Training.Data;

namespace Repro.Training.Steps;

/// <summary>
/// Sends a <c>train</c> stage whose <c>model.type</c> is a generative model (<c>transformer_lm</c>, <c>dcgan</c>) to its own
/// trainer: they read other arguments (two optimizers for a GAN, a text corpus for a language model) than the classifier loop.
/// </summary>
internal static class GenerativeTraining
{
    /// <summary>The model types trained here.</summary>
    public static IReadOnlyList<string> Types { get; } = ["transformer_lm", "dcgan"];

    /// <summary>Trains the stage and returns true when its model is generative; returns false, doing nothing, otherwise.</summary>
    public static bool TryRun(StepRequest request, TextWriter log, CancellationToken cancellationToken)
    {
        var type = request.With["model"] switch
        {
            JsonObject model => model["type"] is JsonValue t && t.TryGetValue<string>(out var name) ? name : null,
            JsonValue shorthand => shorthand.TryGetValue<string>(out var name) ? name : null,
            _ => null,
        };
        switch (type)
        {
            case "transformer_lm":
                LanguageModelTrainStep.Run(request, log, cancellationToken);
                return true;
            case "dcgan":
                DcganTrainStep.Run(request, log, cancellationToken);
                return true;
            default:
                RejectText(request);
                return false;
        }
    }

    // Without this check a classifier would fail later on a missing train_x.pt, which says nothing about the real mistake.
    private static void RejectText(StepRequest request)
    {
        if (request.With["data"] is not JsonValue value || !value.TryGetValue<string>(out var data))
            return;
        var dirPath = StepPaths.Resolve(request, data);
        if (
            !File.Exists(Path.Combine(dirPath, PreparedDataset.InfoFileName))
            || PreparedDataset.ReadInfo(dirPath).Kind != DatasetKinds.Text
        )
            return;
        throw new ReproException(
            $"stage '{request.Stage}': '{data}' is text (from data/text), which only model type transformer_lm trains on",
            "set model.type to transformer_lm"
        );
    }
}
