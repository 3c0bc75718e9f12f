using System.Globalization;
using System.Text;
using Repro.Core;
using Repro.Core.Steps;
using Repro.Training.Generative;
using Repro.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Steps;

/// <summary>
/// <c>generate</c> for a <c>transformer_lm</c>: <c>samples</c> continuations of <c>prompt</c>, each <c>length</c> tokens, as
/// UTF-8 text (the prompt, then the continuation; with several samples each starts with a <c>--- sample N ---</c> line).
/// </summary>
/// <remarks>
/// <c>with:</c> <c>prompt</c> (required, at least one character of the model's vocabulary), <c>length</c> (200),
/// <c>temperature</c> (1; 0 is greedy), <c>top_k</c> (0: all tokens), <c>samples</c> (1).
/// </remarks>
internal static class TextGeneration
{
    public static void Write(
        TransformerLm lm,
        GenerateArguments arguments,
        StepArguments with,
        string outPath,
        long seed,
        Device device,
        CancellationToken cancellationToken
    )
    {
        var prompt = arguments.Prompt!;
        var samples = arguments.Samples ?? 1;
        if (lm.Spec.Tokenizer is not { } tokenizer)
            throw new ReproException(new Diagnostic(with.LocationOf("model"), "the language model was saved without its tokenizer"));
        lm.to(device);
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
            var tokens = TextSampler.Sample(lm, promptTokens, arguments.Length, arguments.Temperature, arguments.TopK, seed + i);
            if (samples > 1)
                text.Append(CultureInfo.InvariantCulture, $"--- sample {i + 1} ---\n");
            text.Append(prompt).Append(tokenizer.Decode(tokens)).Append('\n');
        }
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        File.WriteAllText(outPath, text.ToString(), new UTF8Encoding(false));
    }
}
