using Repro.Tests.Shared;
using Repro.Training.TensorBoard;

namespace Repro.Training.Tests.TensorBoard;

public class SummaryWriterTests
{
    [Fact]
    public void Crc32c_matches_the_standard_check_value() =>
        // The CRC-32C check value of "123456789" (RFC 3720, appendix B.4).
        TfRecord.Crc32C("123456789"u8).Should().Be(0xE3069283);

    [Fact]
    public void Scalars_and_hparams_written_read_back_with_valid_checksums()
    {
        // Arrange
        using var dir = TempDir.Create();
        string path;

        // Act
        using (var writer = new SummaryWriter(dir.Resolve("tb"), TimeProvider.System))
        {
            writer.AddScalar("train/loss", 0.75, 1);
            writer.AddScalar("train/loss", 0.5, 2);
            writer.AddScalar("val/acc", 0.875, 2);
            writer.AddHparams(
                new Dictionary<string, object?>
                {
                    ["lr"] = 0.01,
                    ["model.type"] = "cnn",
                    ["batchnorm"] = true,
                },
                ["val/acc"]
            );
            path = writer.FilePath;
        }

        // Assert
        Path.GetFileName(path).Should().StartWith("events.out.tfevents.");
        EventFileReader
            .ReadScalars(path)
            .Should()
            .Equal(new ScalarEvent("train/loss", 1, 0.75f), new ScalarEvent("train/loss", 2, 0.5f), new ScalarEvent("val/acc", 2, 0.875f));
        EventFileReader
            .ReadValues(path)
            .Where(v => v.Value is null)
            .Select(v => v.Tag)
            .Should()
            .Equal("_hparams_/experiment", "_hparams_/session_start_info", "_hparams_/session_end_info");
    }

    [Fact]
    public void A_corrupted_record_is_detected()
    {
        using var dir = TempDir.Create();
        string path;
        using (var writer = new SummaryWriter(dir.Resolve("tb"), TimeProvider.System))
        {
            writer.AddScalar("loss", 1, 1);
            path = writer.FilePath;
        }
        var bytes = File.ReadAllBytes(path);
        bytes[^6] ^= 0xff;
        File.WriteAllBytes(path, bytes);

        var act = () => EventFileReader.ReadScalars(path);

        act.Should().Throw<InvalidDataException>().WithMessage("bad data checksum");
    }
}
