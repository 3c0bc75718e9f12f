using System.Buffers.Binary;
using System.IO.Compression;
using Repro.Core;

namespace Repro.Training.Data;

/// <summary>
/// An IDX file (the MNIST format): big-endian magic <c>0x0000 08 ndims</c> for unsigned bytes, one big-endian int32
/// size per dimension, then the bytes. Gzipped files (as distributed) are read transparently.
/// </summary>
public sealed record IdxFile(string Path, IReadOnlyList<int> Shape, byte[] Data)
{
    /// <summary>Magic number of a 3-dimensional byte file (images).</summary>
    public const uint ImagesMagic = 0x00000803;

    /// <summary>Magic number of a 1-dimensional byte file (labels).</summary>
    public const uint LabelsMagic = 0x00000801;

    /// <summary>Reads <paramref name="path"/>, which must have magic <paramref name="expectedMagic"/>.</summary>
    public static IdxFile Read(string path, uint expectedMagic)
    {
        if (!File.Exists(path))
            throw new ReproException(DataErrors.MissingFile(path));
        var bytes = ReadAllBytes(path);
        var magic = bytes.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : 0;
        if (magic != expectedMagic)
        {
            var what =
                expectedMagic == ImagesMagic ? "0x00000803 (IDX images)" : $"0x{expectedMagic:x8} (IDX {expectedMagic & 0xff}-d bytes)";
            throw new ReproException(DataErrors.WrongMagic(path, what, magic));
        }
        var dims = (int)(magic & 0xff);
        var headerLength = 4 + (4 * dims);
        if (bytes.Length < headerLength)
            throw new ReproException(DataErrors.Truncated(path, headerLength, bytes.Length));
        var shape = new int[dims];
        long expected = 1;
        for (var i = 0; i < dims; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + (4 * i)));
            expected *= shape[i];
        }
        if (bytes.Length - headerLength < expected)
            throw new ReproException(DataErrors.Truncated(path, headerLength + expected, bytes.Length));
        return new IdxFile(path, shape, bytes.AsSpan(headerLength, (int)expected).ToArray());
    }

    private static byte[] ReadAllBytes(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[2];
        var isGzip = file.Read(head) == 2 && head[0] == 0x1f && head[1] == 0x8b;
        file.Position = 0;
        if (!isGzip)
            return File.ReadAllBytes(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        try
        {
            gzip.CopyTo(memory);
        }
        catch (InvalidDataException)
        {
            throw new ReproException(DataErrors.CorruptGzip(path));
        }
        return memory.ToArray();
    }
}
