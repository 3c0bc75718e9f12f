using Repro.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CnnTrainer;

/// <summary>
/// A small residual network, written by hand in TorchSharp: a 3×3 stem convolution, then one residual block per entry
/// of <see cref="ModelSpec.Channels"/>, each halving the image (28×28 -> 14×14 -> 7×7), global average pooling, dropout
/// and a linear head. Deriving from <see cref="ReproModel"/> lets Repro.Training's trainer, metrics
/// and model file work with it as with the built-in models.
/// </summary>
public sealed class ResidualCnn : ReproModel
{
    private readonly Sequential stem;
    private readonly ModuleList<ResidualBlock> blocks = new();
    private readonly Dropout dropout;
    private readonly Linear head;

    public ResidualCnn(ModelSpec spec)
        : base("residual_cnn", spec)
    {
        var inChannels = spec.InputShape[0];
        var width = spec.Channels[0];
        stem = nn.Sequential(nn.Conv2d(inChannels, width, 3, padding: 1, bias: false), nn.BatchNorm2d(width), nn.ReLU());
        for (var i = 0; i < spec.Channels.Length; i++)
        {
            blocks.Add(new ResidualBlock($"block{i}", width, spec.Channels[i], stride: 2));
            width = spec.Channels[i];
        }
        dropout = nn.Dropout(spec.Dropout);
        head = nn.Linear(width, spec.Outputs);
        RegisterComponents();
    }

    public override Tensor Forward(Tensor input, Tensor? lengths)
    {
        var x = stem.call(input);
        foreach (var block in blocks)
            x = block.call(x);
        // Global average pooling: [batch, channels, h, w] -> [batch, channels].
        x = x.mean([2, 3]);
        return head.call(dropout.call(x));
    }
}
