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
public sealed class GenerateStep : BuiltinStep<GenerateArguments>
{
    public override string Name => "generate";

    public override string ImplementationVersion => $"2;{TorchRuntime.ImplementationTag}";

    protected override GenerateArguments ReadArguments(StepArguments with) => GenerateArguments.Read(with);

    protected override Task RunAsync(
        StepRequest request,
        GenerateArguments arguments,
        StepArguments with,
        CancellationToken cancellationToken
    )
    {
        var modelArgument = arguments.Model;
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
        var settings = TorchSetup.Apply(arguments.Device ?? request.Device, request.Threads, request.Seed);
        using var model = ModelFile.Load(modelPath);
        arguments.CheckKind(model.Spec.Type, with);
        with.ThrowIfInvalid();
        var seed = arguments.Seed ?? request.Seed;
        switch (model)
        {
            case TransformerLm lm:
                TextGeneration.Write(lm, arguments, with, outPath, seed, settings.Device, cancellationToken);
                break;
            case Dcgan gan:
                ImageGeneration.Write(gan, arguments, outPath, seed, settings.Device, cancellationToken);
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
