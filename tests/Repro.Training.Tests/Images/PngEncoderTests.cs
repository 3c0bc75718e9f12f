using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Repro.Training.Images;

namespace Repro.Training.Tests.Images;

public class PngEncoderTests
{
    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Crc32.Compute("123456789"u8).Should().Be(0xCBF43926);
        // Every PNG ends with this IEND chunk CRC.
        Crc32.Compute("IEND"u8).Should().Be(0xAE426082);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_png_holds_a_valid_header_checksummed_chunks_and_the_rows_unfiltered(int channels)
    {
        const int width = 3,
            height = 2;
        var pixels = Enumerable.Range(0, width * height * channels).Select(i => (byte)(i * 10)).ToArray();

        var png = PngEncoder.Encode(pixels, width, height, channels);

        png[..8].Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        var chunks = Chunks(png);
        chunks.Select(c => c.Type).Should().Equal("IHDR", "IDAT", "IEND");
        var header = chunks[0].Data;
        BinaryPrimitives.ReadInt32BigEndian(header).Should().Be(width);
        BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)).Should().Be(height);
        header[8..].Should().Equal((byte)8, (byte)(channels == 1 ? 0 : 2), (byte)0, (byte)0, (byte)0);
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress))
            zlib.CopyTo(inflated);
        var stride = width * channels;
        inflated.ToArray().Should().Equal([0, .. pixels[..stride], 0, .. pixels[stride..]]);
    }

    private static List<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        for (var at = 8; at < png.Length; )
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png[(at + 8)..(at + 8 + length)];
            BinaryPrimitives
                .ReadUInt32BigEndian(png.AsSpan(at + 8 + length))
                .Should()
                .Be(Crc32.Compute(png.AsSpan(at + 4, 4 + length)), type);
            chunks.Add((type, data));
            at += 12 + length;
        }
        return chunks;
    }
}
