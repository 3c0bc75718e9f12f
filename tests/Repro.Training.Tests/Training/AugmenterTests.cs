using Repro.Training.Training;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Training;

[Collection("Torch")]
public class AugmenterTests
{
    [Fact]
    public void A_certain_horizontal_flip_mirrors_every_image()
    {
        using var generator = new Generator(1);
        using var images = arange(2 * 1 * 3 * 4).reshape(2, 1, 3, 4).to(float32);

        using var flipped = new Augmenter(new AugmentationOptions { HorizontalFlip = 1.0 }, generator).Apply(images);

        flipped.allclose(images.flip(3), rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void A_padded_random_crop_shifts_each_image_by_at_most_the_padding_and_keeps_its_size()
    {
        using var generator = new Generator(2);
        using var images = ones(8, 1, 6, 6);

        using var cropped = new Augmenter(new AugmentationOptions { CropPadding = 2 }, generator).Apply(images);

        cropped.shape.Should().Equal(8, 1, 6, 6);
        // A shift of (dy, dx) leaves (6 - |dy|)(6 - |dx|) ones: between 16 and 36 per image.
        var counts = cropped.sum([1, 2, 3]).data<float>().ToArray();
        counts.Should().OnlyContain(v => v >= 16 && v <= 36);
        counts.Distinct().Count().Should().BeGreaterThan(1);
    }

    [Fact]
    public void Augmentations_drawn_from_the_same_seed_are_identical()
    {
        var options = new AugmentationOptions
        {
            CropPadding = 1,
            HorizontalFlip = 0.5,
            RotationDegrees = 10,
            GaussianNoise = 0.1,
        };
        using var images = rand(4, 3, 8, 8);
        using var first = new Generator(5);
        using var second = new Generator(5);

        using var a = new Augmenter(options, first).Apply(images);
        using var b = new Augmenter(options, second).Apply(images);

        a.allclose(b, rtol: 0, atol: 0).Should().BeTrue();
        a.allclose(images, rtol: 0, atol: 0).Should().BeFalse();
    }
}
