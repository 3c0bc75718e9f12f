using System.Buffers.Binary;
using System.IO.Compression;

namespace Repro.Training.Tests.Data;

/// <summary>Writes small IDX files (images whose pixels encode their index, labels i mod 10) for reader tests.</summary>
internal static class IdxFixtures
{
    public static byte[] Images(int count, int size = 28)
    {
        var bytes = new byte[16 + (count * size * size)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), size);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), size);
        for (var i = 0; i < count; i++)
            bytes.AsSpan(16 + (i * size * size), size * size).Fill((byte)(i * 7 % 256));
        return bytes;
    }

    public static byte[] Labels(int count, Func<int, byte>? label = null)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        for (var i = 0; i < count; i++)
            bytes[8 + i] = label?.Invoke(i) ?? (byte)(i % 10);
        return bytes;
    }

    /// <summary>The four MNIST files under <paramref name="dirPath"/>, gzipped like the originals when asked.</summary>
    public static void WriteSet(string dirPath, int train, int test, bool gzip)
    {
        Directory.CreateDirectory(dirPath);
        Write(Path.Combine(dirPath, "train-images-idx3-ubyte"), Images(train), gzip);
        Write(Path.Combine(dirPath, "train-labels-idx1-ubyte"), Labels(train), gzip);
        Write(Path.Combine(dirPath, "t10k-images-idx3-ubyte"), Images(test), gzip);
        Write(Path.Combine(dirPath, "t10k-labels-idx1-ubyte"), Labels(test), gzip);
    }

    public static void Write(string path, byte[] bytes, bool gzip)
    {
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var file = File.Create(path + ".gz");
        using var stream = new GZipStream(file, CompressionLevel.Fastest);
        stream.Write(bytes);
    }
}
