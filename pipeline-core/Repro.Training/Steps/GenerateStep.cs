using System.Globalization;
using System.Text;
using Repro.Core;
using Repro.Core.Steps;
using Repro.Training.Generative;
using Repro.Training.Models;
using TorchSharp;

namespace Repro.Training.Steps;

/// <summary>
/// <c>uses: generate</c>: samples from a trained generative model and writes the samples to <c>outs[0]</c>. For a
/// <c>transformer_lm</c> model: <c>samples</c> continuations of <c>prompt</c>, each <c>length</c> tokens, as UTF-8 text
/// (the prompt, then the continuation; with several samples each starts with a <c>--- sample N ---</c> line).
/// </summary>
/// <remarks>
/// <c>with:</c> <c>model</c> (a model file written by <c>train</c>; required), <c>prompt</c> (required, at least one
/// character of the model's vocabulary), <c>length</c> (200), <c>temperature</c> (1; 0 is greedy), <c>top_k</c> (0: all
/// tokens), <c>samples</c> (1), <c>seed</c> (the stage's seed). Sampling draws from its own seeded generator, so the same
/// model, arguments and seed write the same bytes on CPU.
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
        var prompt = with.GetString("prompt");
        var length = with.GetInt("length", 200, min: 0);
        var temperature = with.GetDouble("temperature", 1.0, NumberRange.NonNegative);
        var topK = with.GetInt("top_k", 0, min: 0);
        var samples = with.GetInt("samples", 1, min: 1);
        var seed = with.Has("seed") ? with.GetInt("seed", min: 0) : request.Seed;
        var device = with.Has("device") ? with.GetEnum("device", TorchSetup.DeviceNames, "auto", "device") : request.Device;
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
        if (model is not TransformerLm lm || lm.Spec.Tokenizer is not { } tokenizer)
        {
            throw new ReproException(
                new Diagnostic(
                    with.LocationOf("model"),
                    $"'{modelArgument}' is a {model.Spec.Type} model; generate samples transformer_lm models"
                )
            );
        }
        lm.to(settings.Device);
        if (!tokenizer.TryEncode(prompt, out var promptTokens, out var unknown) || promptTokens.Length == 0)
        {
            throw new ReproException(
                new Diagnostic(
                    with.LocationOf("prompt"),
                    promptTokens.Length == 0 && unknown.Count == 0
                        ? "the prompt is empty: the model needs at least one token to continue"
                        : $"the prompt holds symbols the model never saw: {string.Join(", ", unknown)}",
                    "use characters that occur in the training text"
                )
            );
        }
        var text = new StringBuilder();
        for (var i = 0; i < samples; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Each sample has its own seed, so asking for more samples never changes the first ones.
            var tokens = TextSampler.Sample(lm, promptTokens, length, temperature, topK, seed + i);
            if (samples > 1)
                text.Append(CultureInfo.InvariantCulture, $"--- sample {i + 1} ---\n");
            text.Append(prompt).Append(tokenizer.Decode(tokens)).Append('\n');
        }
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        File.WriteAllText(outPath, text.ToString(), new UTF8Encoding(false));
        return Task.CompletedTask;
    }
}
