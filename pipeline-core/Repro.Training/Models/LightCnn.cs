using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Models;

/// <summary>
/// A CNN for a small parameter budget: a 3×3 stem, then per entry of <see cref="ModelSpec.Channels"/> a
/// depthwise-separable convolution (depthwise 3×3 then pointwise 1×1, as in MobileNet, Howard et al. 2017) with batch
/// norm, a squeeze-and-excitation gate (Hu et al. 2018) and 2×2 max pooling; global average pooling and the head.
/// </summary>
public sealed class LightCnn : ReproModel
{
    private readonly nn.Module<Tensor, Tensor> features;
    private readonly nn.Module<Tensor, Tensor> head;

    public LightCnn(ModelSpec spec)
        : base("lightcnn", spec)
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        long stemWidth = Math.Max(8, spec.Channels[0] / 2);
        modules.Add(("stem", nn.Conv2d(spec.InputShape[0], stemWidth, 3, padding: 1, bias: false)));
        modules.Add(("stem_bn", nn.BatchNorm2d(stemWidth)));
        modules.Add(("stem_act", Activations.Create(spec.Activation)));
        var inChannels = stemWidth;
        for (var i = 0; i < spec.Channels.Length; i++)
        {
            long outChannels = spec.Channels[i];
            modules.Add(($"dw{i}", nn.Conv2d(inChannels, inChannels, 3, padding: 1, groups: inChannels, bias: false)));
            modules.Add(($"pw{i}", nn.Conv2d(inChannels, outChannels, 1, bias: false)));
            modules.Add(($"bn{i}", nn.BatchNorm2d(outChannels)));
            modules.Add(($"act{i}", Activations.Create(spec.Activation)));
            modules.Add(($"se{i}", new SqueezeExcitation($"se{i}", outChannels, Math.Max(1, outChannels / spec.SeReduction))));
            modules.Add(($"pool{i}", nn.MaxPool2d(2)));
            inChannels = outChannels;
        }
        modules.Add(("gap", nn.AdaptiveAvgPool2d(1)));
        modules.Add(("flatten", nn.Flatten()));
        features = nn.Sequential(modules);
        head = FullyConnectedHead.Create(inChannels, spec);
        RegisterComponents();
    }

    public override Tensor Forward(Tensor input, Tensor? lengths) => head.call(features.call(input));

    private sealed class SqueezeExcitation : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> reduce;
        private readonly nn.Module<Tensor, Tensor> expand;

        public SqueezeExcitation(string name, long channels, long squeezed)
            : base(name)
        {
            reduce = nn.Conv2d(channels, squeezed, 1);
            expand = nn.Conv2d(squeezed, channels, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var gate = nn.functional.adaptive_avg_pool2d(input, 1);
            gate = nn.functional.sigmoid(expand.call(nn.functional.relu(reduce.call(gate))));
            return input * gate;
        }
    }
}
