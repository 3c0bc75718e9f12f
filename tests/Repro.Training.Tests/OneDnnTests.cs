using static TorchSharp.torch;

namespace Repro.Training.Tests;

[Collection("Torch")]
public class OneDnnTests
{
    [Fact]
    public void Every_step_starts_with_libtorchs_onednn_kernels_off()
    {
        // Act
        TorchSetup.Apply("cpu", 2, 1);
        // Assert
        OneDnn.Enabled().Should().BeFalse();
    }

    [Theory]
    [InlineData(4, 2, 1, 14, 2, 1)]
    [InlineData(4, 2, 1, 7, 2, 2)]
    [InlineData(3, 1, 1, 14, 8, 8)]
    [InlineData(3, 1, 1, 28, 32, 12)]
    [InlineData(5, 1, 2, 14, 2, 24)]
    public void A_convolutions_input_gradient_matches_the_float64_reference_whatever_memory_held_before(
        int kernel,
        int stride,
        int padding,
        int side,
        int inChannels,
        int outChannels
    )
    {
        // Arrange: these layer shapes read uninitialised memory in oneDNN's backward pass; NaN-filled freed blocks make
        // that visible at once instead of after an unlucky allocation history.
        TorchSetup.Apply("cpu", 2, 1);
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var x = randn([16, inChannels, side, side], generator: generator);
        var w = randn([outChannels, inChannels, kernel, kernel], generator: generator).mul(0.1);
        var x32 = x.clone().requires_grad_(true);
        var x64 = x.to(float64).requires_grad_(true);
        for (var round = 0; round < 3; round++)
        {
            foreach (var size in new long[] { 64, 123, 4096, 7777, 1 << 14, 1 << 18, 1 << 20 })
                full([size], float.NaN).Dispose();
            // Act
            nn.functional.conv2d(x32, w, null, [stride], [padding]).sum().backward();
            nn.functional.conv2d(x64, w.to(float64), null, [stride], [padding]).sum().backward();
            // Assert
            var error = (x32.grad!.to(float64) - x64.grad!).abs().max().item<double>();
            error.Should().BeLessThan(1e-4, $"round {round}");
            x32.grad!.zero_();
            x64.grad!.zero_();
        }
    }
}
