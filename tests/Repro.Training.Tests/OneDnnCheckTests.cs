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

    [SkippableFact]
    public void A_model_with_a_layer_shape_onednn_gets_wrong_here_trains_with_it_off()
    {
        // Arrange: 2 output channels, where oneDNN's input gradient reads memory it never wrote on this project's machines.
        TorchSetup.Apply("cpu", 2, 1);
        Skip.IfNot(OneDnnWrongForTwoChannelConvolutions(), "this CPU's oneDNN computes 2-channel convolution gradients right");
        using var model = ModelFactory.Create(Spec("cnn", [1, 28, 28], channels: [2, 2]));
        using var generator = new Generator(3);
        using var batch = randn([16, 1, 28, 28], generator: generator);
        // Act
        var decision = OneDnnCheck.Apply(model, batch);
        // Assert
        decision.Enabled.Should().BeFalse();
        decision.Description.Should().StartWith("off (on the first batch its outputs or gradients differed");
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

    // The bug itself, measured directly: the input gradient of a 2-channel convolution with oneDNN, after NaN-filled frees.
    private static bool OneDnnWrongForTwoChannelConvolutions()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var x = randn([16, 2, 14, 14], generator: generator).requires_grad_(true);
        var w = randn([2, 2, 4, 4], generator: generator);
        OneDnn.TrySet(true);
        var wrong = false;
        for (var round = 0; round < 3 && !wrong; round++)
        {
            OneDnnCheck.PoisonFreedMemory();
            nn.functional.conv2d(x, w, null, [2], [1]).sum().backward();
            wrong = x.grad!.isnan().any().item<bool>();
            x.grad!.zero_();
        }
        OneDnn.TrySet(false);
        return wrong;
    }
}
