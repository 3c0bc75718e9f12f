using static TorchSharp.torch;

namespace Repro.Training.Images;

/// <summary>Tiles a batch of images into one picture, as torchvision's <c>make_grid</c> does: rows of images with a border.</summary>
public static class SampleGrid
{
    /// <summary>
    /// The bytes (interleaved, rows top to bottom) of a grid of <paramref name="images"/> [n, channels, height, width]
    /// with values in [-1, 1] (a tanh generator's range), <paramref name="columns"/> per row, separated by
    /// <paramref name="padding"/> dark pixels. Channels must be 1 or 3.
    /// </summary>
    public static (byte[] Pixels, int Width, int Height, int Channels) Tile(Tensor images, int columns, int padding = 2)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        var (n, c, h, w) = ((int)images.shape[0], (int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
        columns = Math.Min(columns, n);
        var rows = (n + columns - 1) / columns;
        var width = columns * (w + padding) + padding;
        var height = rows * (h + padding) + padding;
        // [-1, 1] -> [0, 255], rounded; channels last for interleaving.
        var bytes = images.detach().cpu().to(ScalarType.Float32).add(1).mul(127.5).round().clamp(0, 255).to(ScalarType.Byte);
        var data = bytes.permute(0, 2, 3, 1).contiguous().data<byte>().ToArray();
        var pixels = new byte[width * height * c];
        for (var i = 0; i < n; i++)
        {
            var top = padding + i / columns * (h + padding);
            var left = padding + i % columns * (w + padding);
            for (var y = 0; y < h; y++)
            {
                Array.Copy(data, ((i * h + y) * w) * c, pixels, ((top + y) * width + left) * c, w * c);
            }
        }
        return (pixels, width, height, c);
    }

    /// <summary>The PNG file of <see cref="Tile"/>'s grid.</summary>
    public static byte[] Png(Tensor images, int columns, int padding = 2)
    {
        var (pixels, width, height, channels) = Tile(images, columns, padding);
        return PngEncoder.Encode(pixels, width, height, channels);
    }
}
