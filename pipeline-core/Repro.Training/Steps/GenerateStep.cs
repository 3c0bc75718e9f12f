using Repro.Core;
using Repro.Core.Steps;
using Repro.Training.Models;

namespace Repro.Training.Steps;

/// <summary>
/// <c>uses: generate</c>: samples from a model trained by <c>train</c> and writes them to <c>outs[0]</c>, text for a
/// <c>transformer_lm</c> (<see cref="TextGeneration"/>), images for a <c>dcgan</c> (<see cref="ImageGeneration"/>).
/// </summary>
/// <remarks>
/// <c>with:</c> <c>model</c> (the model file; required), <c>seed</c> (the stage's seed), <c>device</c>, and the arguments
/// of the model's kind. Sampling draws from its own seeded generators, so the same model, arguments and seed write the same
/// bytes on CPU.
/// </remarks>
public sealed class GenerateStep : IBuiltinStep
{
    public string Name => "generate";

    public string ImplementationVersion => $"2;{TorchRuntime.ImplementationTag}";

    public Task RunAsync(StepRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var with = new StepArguments(request);
        var modelArgument = with.GetString("model");
        var seed = with.Has("seed") ? with.GetInt("seed", min: 0) : request.Seed;
        var device = with.Has("device") ? with.GetEnum("device", TorchSetup.DeviceNames, "auto", "device") : request.Device;
        if (with.Problems.Count > 0)
            with.ThrowIfInvalid();
        var outPath = StepPaths.SingleOut(request, "the samples file");
        var modelPath = StepPaths.Resolve(request, modelArgument);
        if (!File.Exists(modelPath))
        {
            throw new ReproException(
                new Diagnostic(
                    with.LocationOf("model"),
                    $"model file '{modelArgument}' not found",
                    "point model at the outs of a train stage, and list it in deps"
                )
            );
        }
        var settings = TorchSetup.Apply(device, request.Threads, request.Seed);
        using var model = ModelFile.Load(modelPath);
        switch (model)
        {
            case TransformerLm lm:
                TextGeneration.Write(lm, with, outPath, seed, settings.Device, cancellationToken);
                break;
            case Dcgan gan:
                ImageGeneration.Write(gan, with, outPath, seed, settings.Device, cancellationToken);
                break;
            default:
                throw new ReproException(
                    new Diagnostic(
                        with.LocationOf("model"),
                        $"'{modelArgument}' is a {model.Spec.Type} model; generate samples transformer_lm and dcgan models"
                    )
                );
        }
        return Task.CompletedTask;
    }
}
