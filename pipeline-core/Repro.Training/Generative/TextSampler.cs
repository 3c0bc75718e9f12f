using Repro.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Generative;

/// <summary>
/// Continues a token sequence with a <see cref="TransformerLm"/>, one token at a time, reading at most the model's context.
/// Sampling uses its own generator seeded with <c>seed</c>, never torch's global one, so the same seed, prompt and model
/// give the same text on CPU however often it runs and whatever ran before.
/// </summary>
public static class TextSampler
{
    /// <summary>
    /// <paramref name="length"/> new token ids after <paramref name="prompt"/> (at least one id). <paramref name="temperature"/>
    /// 0 picks the most likely token (greedy); otherwise logits are divided by it and, when <paramref name="topK"/> &gt; 0,
    /// only the <paramref name="topK"/> most likely tokens can be drawn.
    /// </summary>
    public static long[] Sample(TransformerLm model, IReadOnlyList<long> prompt, int length, double temperature, int topK, long seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfZero(prompt.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegative(temperature);
        var device = model.parameters().First().device;
        var wasTraining = model.training;
        model.eval();
        var tokens = new List<long>(prompt);
        using var generator = new Generator((ulong)seed);
        using (no_grad())
        {
            for (var i = 0; i < length; i++)
            {
                using var scope = NewDisposeScope();
                var start = (int)Math.Max(0, tokens.Count - model.Context);
                var input = tensor(tokens.GetRange(start, tokens.Count - start).ToArray(), device: device).unsqueeze(0);
                // Double precision for the last step keeps sampling identical across BLAS kernels that differ in the last bit.
                var logits = model.Forward(input, null)[0, -1].to(ScalarType.Float64);
                tokens.Add(temperature == 0 ? logits.argmax().item<long>() : Draw(logits, temperature, topK, generator));
            }
        }
        if (wasTraining)
            model.train();
        return [.. tokens.Skip(prompt.Count)];
    }

    private static long Draw(Tensor logits, double temperature, int topK, Generator generator)
    {
        var scaled = logits / temperature;
        if (topK > 0 && topK < scaled.shape[0])
        {
            var threshold = scaled.topk(topK).values[-1];
            scaled = scaled.masked_fill(scaled.lt(threshold), double.NegativeInfinity);
        }
        var probabilities = softmax(scaled, 0).cpu();
        return multinomial(probabilities, 1, generator: generator).item<long>();
    }
}
