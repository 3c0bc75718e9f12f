using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Models;

/// <summary>
/// The DCGAN generator (Radford et al. 2016) for images of side 4·s (28 for MNIST, 32 for CIFAR-10): a latent vector
/// becomes 2g channels of s×s through a transposed convolution, then two stride-2 transposed convolutions double the side
/// twice (g channels, then the image's), with batch norm and ReLU between them and tanh at the end, so pixels are in [-1, 1].
/// </summary>
public sealed class DcganGenerator : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> layers;
    private readonly long latent;

    public DcganGenerator(long latent, long channels, long imageChannels, long side)
        : base("generator")
    {
        this.latent = latent;
        var start = side / 4;
        layers = nn.Sequential(
            ("up0", nn.ConvTranspose2d(latent, 2 * channels, start, stride: 1, padding: 0, bias: true)),
            ("bn0", nn.BatchNorm2d(2 * channels)),
            ("act0", nn.ReLU()),
            ("up1", nn.ConvTranspose2d(2 * channels, channels, 4, stride: 2, padding: 1, bias: true)),
            ("bn1", nn.BatchNorm2d(channels)),
            ("act1", nn.ReLU()),
            ("up2", nn.ConvTranspose2d(channels, imageChannels, 4, stride: 2, padding: 1, bias: true)),
            ("tanh", nn.Tanh())
        );
        RegisterComponents();
    }

    /// <summary>Images [batch, channels, side, side] for latent vectors [batch, latent].</summary>
    public override Tensor forward(Tensor z) => layers.call(z.view(-1, latent, 1, 1));
}
