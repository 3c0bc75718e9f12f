namespace Repro.Training.Tests;

[Collection("Torch")]
public class NnpackTests
{
    [Fact]
    public void Every_step_starts_with_nnpack_off_exactly_where_it_cannot_start()
    {
        // Act
        TorchSetup.Apply("cpu", 2, 1);
        // Assert: off where it would log a warning before every convolution (AMD EPYC here), left alone where it runs.
        Nnpack.Available.Should().NotBeNull("libtorch 2.10's entry points are there");
        Nnpack.Enabled().Should().Be(Nnpack.Available);
    }
}
