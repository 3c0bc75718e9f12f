using Repro.Training.Models;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Models;

[Collection("Torch")]
public class DcganTests
{
    internal static ModelSpec Spec(long channels = 1, long side = 28) =>
        new()
        {
            Type = "dcgan",
            InputShape = [channels, side, side],
            Outputs = 1,
            Latent = 8,
            GChannels = 4,
            DChannels = 4,
        };

    [Theory]
    [InlineData(1, 28)]
    [InlineData(3, 28)]
    public void The_generator_makes_images_of_the_data_shape_in_tanh_range_and_the_discriminator_one_logit_each(int channels, int side)
    {
        manual_seed(1);
        using var model = new Dcgan(Spec(channels, side));
        using var scope = NewDisposeScope();

        var images = model.call(randn(5, 8));
        var logits = model.Discriminator.call(images);

        images.shape.Should().Equal(5, channels, side, side);
        images.abs().max().item<float>().Should().BeLessThanOrEqualTo(1);
        logits.shape.Should().Equal(5);
    }

    [Fact]
    public void A_model_factory_rebuilds_a_dcgan_from_its_spec_with_both_networks()
    {
        manual_seed(2);
        using var model = ModelFactory.Create(Spec());

        model.Should().BeOfType<Dcgan>();
        model
            .state_dict()
            .Keys.Should()
            .Contain(k => k.StartsWith("generator.", StringComparison.Ordinal))
            .And.Contain(k => k.StartsWith("discriminator.", StringComparison.Ordinal));
    }
}
