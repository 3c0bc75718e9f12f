using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CnnTrainer;

/// <summary>
/// y = relu(bn(conv(relu(bn(conv(x))))) + shortcut(x)): two 3×3 convolutions whose result is added to the input, so
/// the block learns a correction to the identity. When the block changes the width or the size, the shortcut is a
/// 1×1 convolution with the same stride.
/// </summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly nn.Module<Tensor, Tensor> shortcut;

    public ResidualBlock(string name, long inChannels, long outChannels, long stride)
        : base(name)
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(outChannels);
        shortcut =
            stride == 1 && inChannels == outChannels
                ? nn.Identity()
                : nn.Sequential(nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false), nn.BatchNorm2d(outChannels));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = nn.functional.relu(bn1.call(conv1.call(input)));
        x = bn2.call(conv2.call(x));
        return nn.functional.relu(x + shortcut.call(input));
    }
}
