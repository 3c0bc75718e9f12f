using Repro.Core;

namespace Repro.Training.Data;

/// <summary>
/// A CIFAR-10 binary batch (<c>data_batch_1.bin</c>, ..., <c>test_batch.bin</c>): records of one label byte and 3072
/// pixel bytes, the red, green and blue 32×32 planes in turn. The format has no header: a file whose length is not a
/// whole number of records is truncated, and one starting with the gzip magic is the unextracted archive.
/// </summary>
public sealed record CifarBatchFile(string Path, byte[] Labels, byte[] Pixels)
{
    /// <summary>Bytes of one image: 3 channels of 32×32.</summary>
    public const int ImageBytes = 3 * 32 * 32;

    /// <summary>Bytes of one record: the label and the image.</summary>
    public const int RecordBytes = 1 + ImageBytes;

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>
    /// Reads the first <paramref name="limit"/> records (all when null) of <paramref name="path"/>, named
    /// <paramref name="displayPath"/> in messages. Labels above 9 are reported (up to five) with their record index.
    /// </summary>
    public static CifarBatchFile Read(string path, string displayPath, int? limit = null)
    {
        if (!File.Exists(path))
            throw new ReproException(DataErrors.MissingFile(displayPath));
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            throw new ReproException(
                new Diagnostic(
                    null,
                    $"{displayPath}: a gzip archive, not a CIFAR-10 binary batch",
                    "extract cifar-10-binary.tar.gz (tar xzf) and point source at the cifar-10-batches-bin folder"
                )
            );
        }
        if (bytes.Length == 0 || bytes.Length % RecordBytes != 0)
        {
            var whole = Math.Max(1, (bytes.Length + RecordBytes - 1) / RecordBytes);
            throw new ReproException(DataErrors.Truncated(displayPath, (long)whole * RecordBytes, bytes.Length));
        }
        var count = Math.Min(bytes.Length / RecordBytes, limit ?? int.MaxValue);
        var labels = new byte[count];
        var pixels = new byte[(long)count * ImageBytes];
        for (var i = 0; i < count; i++)
        {
            labels[i] = bytes[i * RecordBytes];
            bytes.AsSpan((i * RecordBytes) + 1, ImageBytes).CopyTo(pixels.AsSpan(i * ImageBytes));
        }
        var bad = Enumerable.Range(0, count).Where(i => labels[i] > 9).Take(5).ToList();
        if (bad.Count > 0)
            throw new ReproException([.. bad.Select(i => DataErrors.LabelOutOfRange(displayPath, i, labels[i], 10))]);
        return new CifarBatchFile(path, labels, pixels);
    }
}
