using Repro.Core;
using Repro.Tests.Shared;
using Repro.Training.Data;

namespace Repro.Training.Tests.Data;

public class IdxFileTests
{
    [Fact]
    public void A_gzipped_file_reads_like_a_plain_one()
    {
        using var dir = TempDir.Create();
        IdxFixtures.Write(dir.Resolve("a"), IdxFixtures.Images(3, size: 4), gzip: true);
        IdxFixtures.Write(dir.Resolve("b"), IdxFixtures.Images(3, size: 4), gzip: false);

        var gzipped = IdxFile.Read(dir.Resolve("a.gz"), IdxFile.ImagesMagic);
        var plain = IdxFile.Read(dir.Resolve("b"), IdxFile.ImagesMagic);

        gzipped.Shape.Should().Equal(3, 4, 4);
        gzipped.Data.Should().Equal(plain.Data);
        gzipped.Data[16].Should().Be(7);
    }

    [Fact]
    public void Labels_given_where_images_are_expected_are_a_wrong_magic_number()
    {
        using var dir = TempDir.Create();
        IdxFixtures.Write(dir.Resolve("labels"), IdxFixtures.Labels(3), gzip: false);

        var act = () => IdxFile.Read(dir.Resolve("labels"), IdxFile.ImagesMagic);

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Be(
                $"error: {dir.Resolve("labels")}: wrong magic number 0x00000801; expected 0x00000803 (IDX images)"
                    + $"{Environment.NewLine}  hint: is it the right file, and not an HTML error page?"
            );
    }

    [Fact]
    public void A_truncated_file_says_how_many_bytes_it_lacks()
    {
        using var dir = TempDir.Create();
        var bytes = IdxFixtures.Images(2, size: 4);
        IdxFixtures.Write(dir.Resolve("short"), bytes[..^5], gzip: false);

        var act = () => IdxFile.Read(dir.Resolve("short"), IdxFile.ImagesMagic);

        act.Should()
            .Throw<ReproException>()
            .Which.Diagnostics.Single()
            .Message.Should()
            .Be($"{dir.Resolve("short")}: truncated: expected 48 bytes, found 43");
    }

    [Fact]
    public void A_truncated_gzip_file_is_reported()
    {
        using var dir = TempDir.Create();
        IdxFixtures.Write(dir.Resolve("x"), IdxFixtures.Images(50), gzip: true);
        var whole = File.ReadAllBytes(dir.Resolve("x.gz"));
        File.WriteAllBytes(dir.Resolve("x.gz"), whole[..(whole.Length / 2)]);

        var act = () => IdxFile.Read(dir.Resolve("x.gz"), IdxFile.ImagesMagic);

        act.Should().Throw<ReproException>().Which.Diagnostics.Single().Message.Should().StartWith($"{dir.Resolve("x.gz")}: truncated");
    }
}
