using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Models;

/// <summary>
/// A small residual network (He et al., 2015, "Deep Residual Learning for Image Recognition"): a 3×3 stem, then one
/// stage per entry of <see cref="ModelSpec.Channels"/> with <see cref="ModelSpec.Blocks"/> basic blocks each (the
/// first block of every stage but the first halves the resolution), global average pooling and the head.
/// </summary>
public sealed class ResNet : ReproModel
{
    private readonly nn.Module<Tensor, Tensor> stem;
    private readonly nn.Module<Tensor, Tensor> stages;
    private readonly nn.Module<Tensor, Tensor> head;

    public ResNet(ModelSpec spec)
        : base("resnet", spec)
    {
        var width = spec.Channels[0];
        stem = nn.Sequential(
            ("conv", nn.Conv2d(spec.InputShape[0], width, 3, padding: 1, bias: false)),
            ("bn", nn.BatchNorm2d(width)),
            ("act", nn.ReLU())
        );
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        long inChannels = width;
        for (var s = 0; s < spec.Channels.Length; s++)
        {
            for (var b = 0; b < spec.Blocks; b++)
            {
                var stride = s > 0 && b == 0 ? 2 : 1;
                blocks.Add(($"s{s}b{b}", new BasicBlock($"s{s}b{b}", inChannels, spec.Channels[s], stride)));
                inChannels = spec.Channels[s];
            }
        }
        blocks.Add(("gap", nn.AdaptiveAvgPool2d(1)));
        blocks.Add(("flatten", nn.Flatten()));
        stages = nn.Sequential(blocks);
        head = FullyConnectedHead.Create(inChannels, spec);
        RegisterComponents();
    }

    public override Tensor Forward(Tensor input, Tensor? lengths) => head.call(stages.call(stem.call(input)));

    private sealed class BasicBlock : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> conv1;
        private readonly nn.Module<Tensor, Tensor> bn1;
        private readonly nn.Module<Tensor, Tensor> conv2;
        private readonly nn.Module<Tensor, Tensor> bn2;
        private readonly nn.Module<Tensor, Tensor>? shortcut;

        public BasicBlock(string name, long inChannels, long outChannels, long stride)
            : base(name)
        {
            conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
            bn1 = nn.BatchNorm2d(outChannels);
            conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
            bn2 = nn.BatchNorm2d(outChannels);
            if (stride != 1 || inChannels != outChannels)
            {
                shortcut = nn.Sequential(
                    ("conv", nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false)),
                    ("bn", nn.BatchNorm2d(outChannels))
                );
            }
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var x = nn.functional.relu(bn1.call(conv1.call(input)));
            x = bn2.call(conv2.call(x));
            return nn.functional.relu(x + (shortcut?.call(input) ?? input));
        }
    }
}
