using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Models;

/// <summary>
/// A decoder-only Transformer language model (<c>transformer_lm</c>): token embedding scaled by √d_model, plus sinusoidal
/// positional encoding, dropout, <see cref="ModelSpec.Layers"/> self-attention layers under a causal mask (position t
/// attends to positions ≤ t only), a final layer norm and a linear head to the vocabulary. Maps token ids [batch, time]
/// to next-token logits [batch, time, vocabulary]; time may be anything up to the context (<see cref="ModelSpec.InputShape"/>[0]).
/// </summary>
/// <remarks>
/// Spec fields: <see cref="ModelSpec.HiddenSize"/> is d_model, <see cref="ModelSpec.Heads"/> nhead,
/// <see cref="ModelSpec.FeedForward"/> dim_feedforward, <see cref="ModelSpec.Outputs"/> the vocabulary size and
/// <see cref="ModelSpec.Tokenizer"/> the vocabulary itself.
/// </remarks>
public sealed class TransformerLm : ReproModel
{
    private readonly TorchSharp.Modules.Embedding embed;
    private readonly nn.Module<Tensor, Tensor> dropout;
    private readonly TorchSharp.Modules.TransformerEncoder decoder;
    private readonly nn.Module<Tensor, Tensor> norm;
    private readonly nn.Module<Tensor, Tensor> head;
    private readonly Tensor positions;
    private readonly double scale;

    public TransformerLm(ModelSpec spec)
        : base("transformer_lm", spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Context = spec.InputShape[0];
        embed = nn.Embedding(spec.Outputs, spec.HiddenSize);
        dropout = nn.Dropout(spec.Dropout);
        // A decoder-only model is an encoder stack with a causal mask: there is no cross-attention to a source.
        var layer = nn.TransformerEncoderLayer(spec.HiddenSize, spec.Heads, spec.FeedForward, spec.Dropout);
        decoder = nn.TransformerEncoder(layer, spec.Layers);
        norm = nn.LayerNorm(spec.HiddenSize);
        head = nn.Linear(spec.HiddenSize, spec.Outputs);
        positions = SinusoidalPositions(Context, spec.HiddenSize);
        register_buffer("positions", positions, persistent: false);
        scale = Math.Sqrt(spec.HiddenSize);
        RegisterComponents();
    }

    /// <summary>The longest sequence the model reads at once.</summary>
    public long Context { get; }

    /// <summary>Logits [batch, time, vocabulary] for token ids <paramref name="input"/> [batch, time] (int64).</summary>
    public override Tensor Forward(Tensor input, Tensor? lengths)
    {
        ArgumentNullException.ThrowIfNull(input);
        var time = input.shape[1];
        if (time > Context)
            throw new ArgumentException($"sequence of {time} tokens is longer than the context of {Context}", nameof(input));
        var x = embed.call(input) * scale + positions.narrow(0, 0, time).unsqueeze(0);
        x = dropout.call(x);
        using var mask = CausalMask(time, input.device);
        var hidden = decoder.call(x.transpose(0, 1), mask, null!).transpose(0, 1);
        return head.call(norm.call(hidden));
    }

    /// <summary>[time, time] additive attention mask: 0 on and below the diagonal, −∞ above it (the future).</summary>
    public static Tensor CausalMask(long time, Device? device = null) =>
        triu(full([time, time], float.NegativeInfinity, device: device), diagonal: 1);

    private static Tensor SinusoidalPositions(long length, long width)
    {
        // PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(...): Vaswani et al. 2017, section 3.5.
        var table = new float[length * width];
        for (var pos = 0; pos < length; pos++)
        {
            for (var i = 0; i < width; i++)
            {
                var angle = pos / Math.Pow(10000, 2.0 * (i / 2) / width);
                table[pos * width + i] = (float)(i % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        }
        return tensor(table, [length, width]);
    }
}
