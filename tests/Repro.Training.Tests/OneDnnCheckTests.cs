using Repro.Training.Models;
using static TorchSharp.torch;

namespace Repro.Training.Tests;

[Collection("Torch")]
public class OneDnnCheckTests
{
    [Fact]
    public void A_cnn_whose_layers_onednn_computes_right_trains_with_it_and_the_check_leaves_the_model_as_it_was()
    {
        // Arrange: 3x3 convolutions to 32 and 64 channels, shapes oneDNN got right on every machine measured (OneDnn.cs).
        TorchSetup.Apply("cpu", 2, 1);
        using var model = ModelFactory.Create(Spec("cnn", [1, 28, 28], channels: [32, 64]));
        model.train();
        using var generator = new Generator(3);
        using var batch = randn([16, 1, 28, 28], generator: generator);
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        // Act
        var decision = OneDnnCheck.Apply(model, batch);
        // Assert
        decision.Enabled.Should().BeTrue(decision.Description);
        OneDnn.Enabled().Should().BeTrue();
        model.training.Should().BeTrue();
        model.parameters().All(p => p.grad is null).Should().BeTrue("the check clears the gradients it made");
        foreach (var (name, value) in model.state_dict())
            value.allclose(before[name], 0, 0).Should().BeTrue($"{name} (weights and batch-norm statistics) is untouched by the check");
        TorchSetup.Apply("cpu", 2, 1);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(24)]
    public void A_model_with_a_convolution_shape_onednn_gets_wrong_trains_with_it_off_on_every_machine(int outputChannels)
    {
        // Arrange: output channels that are not a multiple of 16, where oneDNN's input gradient reads memory it never wrote
        // (OneDnn.cs). The comparison alone caught that only when the allocator handed oneDNN a poisoned block.
        TorchSetup.Apply("cpu", 2, 1);
        OneDnn.TrySet(true);
        using var model = ModelFactory.Create(Spec("cnn", [1, 28, 28], channels: [16, outputChannels]));
        using var generator = new Generator(3);
        using var batch = randn([16, 1, 28, 28], generator: generator);
        // Act
        var decision = OneDnnCheck.Apply(model, batch);
        // Assert
        decision
            .Should()
            .Be(
                new OneDnnDecision(
                    false,
                    $"off (a convolution has {outputChannels} output channels: this libtorch's oneDNN computes wrong gradients where that count is not a multiple of 16)"
                )
            );
        OneDnn.Enabled().Should().BeFalse();
    }

    [Fact]
    public void A_model_without_convolutions_trains_with_onednn_off()
    {
        TorchSetup.Apply("cpu", 2, 1);
        using var model = ModelFactory.Create(Spec("mlp", [8], channels: []));
        using var batch = ones(4, 8);

        var decision = OneDnnCheck.Apply(model, batch);

        decision.Should().Be(new OneDnnDecision(false, "off (the model has no convolution)"));
        OneDnn.Enabled().Should().BeFalse();
    }

    private static ModelSpec Spec(string type, long[] inputShape, int[] channels) =>
        new()
        {
            Type = type,
            InputShape = inputShape,
            Outputs = 3,
            Channels = channels,
            Hidden = [6],
            Fc = [8],
        };
}
