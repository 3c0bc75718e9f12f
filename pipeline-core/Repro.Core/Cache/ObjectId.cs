using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Repro.Core.Cache;

/// <summary>
/// The identity of content: a BLAKE3 hash, written as 64 lowercase hex characters. A file's id is the hash of its
/// bytes; a directory's id is the hash of its canonical <see cref="DirectoryManifest"/>.
/// </summary>
/// <remarks>Held as four big-endian words so ids compare and hash without allocating.</remarks>
public readonly record struct ObjectId
{
    /// <summary>The number of hex characters in an id.</summary>
    public const int HexLength = 64;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    private ObjectId(ulong a, ulong b, ulong c, ulong d) => (_a, _b, _c, _d) = (a, b, c, d);

    /// <summary>The id of 32 hash bytes.</summary>
    public static ObjectId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
            throw new ArgumentException("an object id is 32 bytes", nameof(bytes));
        return new ObjectId(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..])
        );
    }

    /// <summary>The id of a finished BLAKE3 hash.</summary>
    public static ObjectId FromHash(Blake3.Hash hash) => FromBytes(hash.AsSpan());

    /// <summary>The id of <paramref name="content"/>: its BLAKE3 hash.</summary>
    public static ObjectId Of(ReadOnlySpan<byte> content) => FromHash(Blake3.Hasher.Hash(content));

    /// <summary>Parses 64 hex characters; throws <see cref="FormatException"/> otherwise.</summary>
    public static ObjectId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not an object id (64 hex characters)");

    /// <summary>Parses 64 hex characters (either case); false for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ObjectId id)
    {
        id = default;
        if (text is null || text.Length != HexLength)
            return false;
        Span<byte> bytes = stackalloc byte[32];
        if (Convert.FromHexString(text, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
            return false;
        id = FromBytes(bytes);
        return true;
    }

    /// <summary>The first 8 hex characters, for humans.</summary>
    public string Short => ToString()[..8];

    /// <summary>Writes the 32 hash bytes.</summary>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>The 64 lowercase hex characters.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[32];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
