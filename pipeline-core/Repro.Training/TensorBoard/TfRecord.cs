using System.Buffers.Binary;
using System.Numerics;

namespace Repro.Training.TensorBoard;

/// <summary>
/// TFRecord framing, as TensorBoard event files use it: <c>uint64 length</c>, <c>uint32 masked CRC32C of the length</c>,
/// the bytes, <c>uint32 masked CRC32C of the bytes</c>, all little-endian.
/// </summary>
public static class TfRecord
{
    /// <summary>Writes one record.</summary>
    public static void Write(Stream stream, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc(data));
        stream.Write(header);
        stream.Write(data);
        stream.Write(footer);
    }

    /// <summary>Reads every record of <paramref name="stream"/>; an <see cref="InvalidDataException"/> on a bad checksum or a cut-off record.</summary>
    public static IEnumerable<byte[]> ReadAll(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[12];
        while (true)
        {
            var got = stream.ReadAtLeast(header, 12, throwOnEndOfStream: false);
            if (got == 0)
                yield break;
            if (got < 12)
                throw new InvalidDataException("truncated record header");
            if (BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8)) != MaskedCrc(header.AsSpan(0, 8)))
                throw new InvalidDataException("bad length checksum");
            var data = new byte[checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header))];
            var footer = new byte[4];
            if (stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false) < data.Length || stream.ReadAtLeast(footer, 4, false) < 4)
                throw new InvalidDataException("truncated record");
            if (BinaryPrimitives.ReadUInt32LittleEndian(footer) != MaskedCrc(data))
                throw new InvalidDataException("bad data checksum");
            yield return data;
        }
    }

    /// <summary>CRC32C (Castagnoli) of <paramref name="data"/>, masked as TFRecord does so a CRC of CRCs stays strong.</summary>
    public static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        var crc = Crc32C(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8;
    }

    /// <summary>Plain CRC32C (initial value and final xor 0xFFFFFFFF), hardware-accelerated where the CPU has it.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        var i = 0;
        for (; i + 8 <= data.Length; i += 8)
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        for (; i < data.Length; i++)
            crc = BitOperations.Crc32C(crc, data[i]);
        return crc ^ 0xFFFFFFFFu;
    }
}
