using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Models;

/// <summary>
/// Convolutional blocks (conv, optional batch norm, activation, optional 2×2 pooling) per entry of
/// <see cref="ModelSpec.Channels"/>, then flatten or global average pooling, then <see cref="FullyConnectedHead"/>.
/// With <c>channels: [32, 64]</c>, max pooling, batchnorm, dropout 0.25 and <c>fc: [128]</c> it is the CNN of the benchmarks.
/// </summary>
public sealed class Cnn : ReproModel
{
    private readonly nn.Module<Tensor, Tensor> features;
    private readonly nn.Module<Tensor, Tensor> head;

    public Cnn(ModelSpec spec)
        : base("cnn", spec)
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        long inChannels = spec.InputShape[0];
        for (var i = 0; i < spec.Channels.Length; i++)
        {
            modules.Add(($"conv{i}", nn.Conv2d(inChannels, spec.Channels[i], spec.KernelSize, padding: spec.KernelSize / 2)));
            if (spec.Batchnorm)
                modules.Add(($"bn{i}", nn.BatchNorm2d(spec.Channels[i])));
            modules.Add(($"act{i}", Activations.Create(spec.Activation)));
            if (spec.Pooling == "max")
                modules.Add(($"pool{i}", nn.MaxPool2d(2)));
            else if (spec.Pooling == "avg")
                modules.Add(($"pool{i}", nn.AvgPool2d(2)));
            inChannels = spec.Channels[i];
        }
        if (spec.GlobalPool)
            modules.Add(("gap", nn.AdaptiveAvgPool2d(1)));
        modules.Add(("flatten", nn.Flatten()));
        features = nn.Sequential(modules);
        head = FullyConnectedHead.Create(FullyConnectedHead.FeatureCount(features, spec.InputShape), spec);
        RegisterComponents();
    }

    public override Tensor Forward(Tensor input, Tensor? lengths) => head.call(features.call(input));
}
