using System.Text.Json;
using Repro.Tests.Shared;

namespace Repro.Tool.Tests;

[Collection("Torch")]
public class DoctorCommandTests
{
    [Fact]
    public async Task Doctor_json_shows_torch_loaded_with_the_libtorch_version()
    {
        using var dir = TempDir.Create();

        var result = await CliRunner.RunAsync(dir, "doctor", "--json");

        result.ExitCode.Should().Be(0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var torch = json.RootElement.GetProperty("torch");
        torch.GetProperty("loaded").GetBoolean().Should().BeTrue();
        torch.GetProperty("torchsharp").GetString().Should().Be("0.107.0");
        torch.GetProperty("libtorch").GetString().Should().StartWith("2.10.0");
        torch.GetProperty("cuda").GetBoolean().Should().BeFalse();
        torch.GetProperty("onednn").GetString().Should().StartWith("switchable");
        torch
            .GetProperty("nnpack")
            .GetString()
            .Should()
            .StartWith(
                Repro.Training.Nnpack.Available == true ? "available" : "cannot start",
                "doctor says what every step does with NNPACK"
            );
    }
}
