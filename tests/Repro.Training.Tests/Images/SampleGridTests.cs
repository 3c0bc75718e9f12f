using Repro.Training.Images;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Images;

[Collection("Torch")]
public class SampleGridTests
{
    [Fact]
    public void Images_are_tiled_in_rows_with_a_dark_border_and_tanh_values_become_bytes()
    {
        // Three 2×2 grey images: all −1 (black), all 0 (mid grey), all 1 (white); two per row, border 1.
        using var images = cat([full([1, 1, 2, 2], -1f), zeros([1, 1, 2, 2]), ones([1, 1, 2, 2])], 0);

        var (pixels, width, height, channels) = SampleGrid.Tile(images, columns: 2, padding: 1);

        (width, height, channels).Should().Be((7, 7, 1));
        byte[] expectedRow1 = [0, 0, 0, 0, 128, 128, 0];
        pixels.Skip(7).Take(7).Should().Equal(expectedRow1);
        pixels.Skip(4 * 7).Take(7).Should().Equal(0, 255, 255, 0, 0, 0, 0);
        pixels.Take(7).Should().OnlyContain(p => p == 0);
    }
}
