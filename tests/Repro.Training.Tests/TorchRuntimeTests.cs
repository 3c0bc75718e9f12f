namespace Repro.Training.Tests;

[Collection("Torch")]
public class TorchRuntimeTests
{
    [Fact]
    public void Torch_loads_and_computes_and_reports_its_versions()
    {
        var report = TorchRuntime.Probe();

        report.Error.Should().BeNull();
        report.Loaded.Should().BeTrue();
        report.TorchSharpVersion.Should().Be("0.107.0");
        report
            .LibTorchVersion.Should()
            .StartWith(TorchRuntime.PackagedLibTorchVersion, "the packaged version recorded in runs must be the one that loads");
        report.Threads.Should().BeGreaterThan(0);
    }
}
