using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Models;

/// <summary>
/// The DCGAN discriminator: two stride-2 convolutions (d, then 2d channels; batch norm on the second only, as in the paper)
/// with LeakyReLU(0.2), then a convolution over the whole s×s map to one logit per image ("real").
/// </summary>
public sealed class DcganDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> layers;

    public DcganDiscriminator(long channels, long imageChannels, long side)
        : base("discriminator")
    {
        layers = nn.Sequential(
            ("down0", nn.Conv2d(imageChannels, channels, 4, stride: 2, padding: 1, bias: true)),
            ("act0", nn.LeakyReLU(0.2)),
            ("down1", nn.Conv2d(channels, 2 * channels, 4, stride: 2, padding: 1, bias: true)),
            ("bn1", nn.BatchNorm2d(2 * channels)),
            ("act1", nn.LeakyReLU(0.2)),
            ("out", nn.Conv2d(2 * channels, 1, side / 4, stride: 1, padding: 0L, bias: true))
        );
        RegisterComponents();
    }

    /// <summary>One logit [batch] per image [batch, channels, side, side].</summary>
    public override Tensor forward(Tensor images) => layers.call(images).view(-1);
}
