using Repro.Core.Cache;

namespace Repro.Core.Remote;

/// <summary>
/// Passes bytes through to or from another stream and hashes them (BLAKE3) on the way. Reading with an expected id, the
/// end of the stream throws <see cref="InvalidDataException"/> when the bytes read do not hash to it, so a remote that
/// commits only after reading to the end never stores them.
/// </summary>
public sealed class HashingStream(Stream inner, ObjectId? expected = null) : Stream
{
    private Blake3.Hasher hasher = Blake3.Hasher.New();
    private long hashed;
    private bool sequential = true;

    /// <summary>The id of the bytes that went through so far.</summary>
    public ObjectId ComputeId() => ObjectId.FromHash(hasher.Finalize());

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Observe(buffer[..read], read == 0 && buffer.Length > 0);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Observe(buffer.Span[..read], read == 0 && buffer.Length > 0);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Observe(buffer, end: false);
        inner.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Observe(buffer.Span, end: false);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        var position = inner.Seek(offset, origin);
        // A client that reads the body twice (once to sign it, once to send it) starts again from 0: so does the hash.
        if (position == 0)
        {
            hasher.Dispose();
            hasher = Blake3.Hasher.New();
            (hashed, sequential) = (0, true);
        }
        else if (position != hashed)
            sequential = false;
        return position;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            hasher.Dispose();
        base.Dispose(disposing);
    }

    private void Observe(ReadOnlySpan<byte> bytes, bool end)
    {
        if (!sequential)
            return;
        hasher.Update(bytes);
        hashed += bytes.Length;
        if (end && expected is { } id && ComputeId() is var actual && actual != id)
            throw new InvalidDataException($"its content hashes to {actual}");
    }
}
