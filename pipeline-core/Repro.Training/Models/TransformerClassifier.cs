using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Models;

/// <summary>
/// A transformer encoder classifier (Vaswani et al. 2017): a linear embedding of each time step to
/// <see cref="ModelSpec.HiddenSize"/>, sinusoidal positional encoding, <see cref="ModelSpec.Layers"/> encoder layers
/// with a key padding mask, mean pooling over the valid steps only, and a linear head.
/// </summary>
public sealed class TransformerClassifier : ReproModel
{
    private readonly nn.Module<Tensor, Tensor> embed;
    private readonly TorchSharp.Modules.TransformerEncoder encoder;
    private readonly nn.Module<Tensor, Tensor> head;
    private readonly Tensor positions;

    public TransformerClassifier(ModelSpec spec)
        : base("transformer", spec)
    {
        var features = spec.InputShape.Length >= 2 ? spec.InputShape[^1] : 1;
        var maxLength = spec.InputShape[0];
        embed = nn.Linear(features, spec.HiddenSize);
        var layer = nn.TransformerEncoderLayer(spec.HiddenSize, spec.Heads, spec.FeedForward, spec.Dropout);
        encoder = nn.TransformerEncoder(layer, spec.Layers);
        head = nn.Linear(spec.HiddenSize, spec.Outputs);
        positions = SinusoidalEncoding(maxLength, spec.HiddenSize);
        register_buffer("positions", positions, persistent: false);
        RegisterComponents();
    }

    public override bool UsesLengths => true;

    public override Tensor Forward(Tensor input, Tensor? lengths)
    {
        if (input.dim() == 2)
            input = input.unsqueeze(-1);
        var (batch, time) = (input.shape[0], input.shape[1]);
        var x = embed.call(input) + positions.narrow(0, 0, time).unsqueeze(0);
        // True marks padding: attention ignores those keys, and pooling ignores those steps.
        var padding = lengths is null
            ? zeros([batch, time], ScalarType.Bool, input.device)
            : arange(time, device: input.device).unsqueeze(0).ge(lengths.to(input.device).unsqueeze(1));
        var encoded = encoder.call(x.transpose(0, 1), null!, lengths is null ? null! : padding).transpose(0, 1);
        var valid = padding.logical_not().unsqueeze(-1).to(encoded.dtype);
        var pooled = (encoded * valid).sum(1) / valid.sum(1).clamp_min(1);
        return head.call(pooled);
    }

    private static Tensor SinusoidalEncoding(long length, long width)
    {
        // PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(...), as in the paper, section 3.5.
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
