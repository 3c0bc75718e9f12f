using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Training;

/// <summary>Applies <see cref="AugmentationOptions"/> to a training batch, drawing every random number from one CPU generator
/// (then moving it to the batch's device), so CPU and CUDA runs see the same draws.</summary>
public sealed class Augmenter(AugmentationOptions options, Generator generator)
{
    /// <summary>The augmented batch (a new tensor; <paramref name="input"/> is left alone).</summary>
    public Tensor Apply(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var x = input;
        if (x.dim() == 4)
        {
            if (options.CropPadding > 0)
                x = RandomCrop(x, options.CropPadding);
            if (options.HorizontalFlip > 0)
                x = RandomFlip(x, options.HorizontalFlip);
            if (options.RotationDegrees > 0)
                x = RandomRotation(x, options.RotationDegrees);
        }
        if (options.GaussianNoise > 0)
            x = x + randn(x.shape, generator: generator).to(x.device).mul_(options.GaussianNoise);
        return x;
    }

    private Tensor RandomCrop(Tensor x, int padding)
    {
        var (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var padded = nn.functional.pad(x, [padding, padding, padding, padding]);
        // One offset per sample in [0, 2·padding]; gather the rows, then the columns, of each sample's window.
        var top = randint(0, 2 * padding + 1, [n], generator: generator).to(x.device);
        var left = randint(0, 2 * padding + 1, [n], generator: generator).to(x.device);
        var rows = (top.view(n, 1, 1, 1) + arange(h, device: x.device).view(1, 1, h, 1)).expand(n, c, h, w + 2 * padding);
        var cropped = padded.gather(2, rows);
        var cols = (left.view(n, 1, 1, 1) + arange(w, device: x.device).view(1, 1, 1, w)).expand(n, c, h, w);
        return cropped.gather(3, cols);
    }

    private Tensor RandomFlip(Tensor x, double probability)
    {
        var flip = rand([x.shape[0]], generator: generator).to(x.device).lt(probability).view(-1, 1, 1, 1);
        return where(flip, x.flip(3), x);
    }

    private Tensor RandomRotation(Tensor x, double degrees)
    {
        var n = x.shape[0];
        var radians = (rand([n], generator: generator).to(x.dtype).to(x.device) * 2 - 1) * (degrees * Math.PI / 180);
        var (cos, sin) = (radians.cos(), radians.sin());
        var zero = zeros_like(cos);
        // Rows of the 2×3 affine matrix per sample: [cos, -sin, 0; sin, cos, 0].
        var theta = stack([cos, -sin, zero, sin, cos, zero], 1).view(n, 2, 3);
        var grid = nn.functional.affine_grid(theta, x.shape, align_corners: false);
        return nn.functional.grid_sample(x, grid, align_corners: false);
    }
}
