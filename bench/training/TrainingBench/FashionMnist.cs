using System.Buffers.Binary;
using System.IO.Compression;
using static TorchSharp.torch;

namespace Repro.Bench.Training;

/// <summary>Reads the gzipped IDX files of Fashion-MNIST as the PyTorch reference does (uint8 images, int64 labels).</summary>
internal static class FashionMnist
{
    public const string DirPath = "/usr/share/datasets/fashion-mnist";

    public static (Tensor Images, Tensor Labels) Load(string prefix)
    {
        var images = Read($"{prefix}-images-idx3-ubyte.gz");
        var labels = Read($"{prefix}-labels-idx1-ubyte.gz");
        var n = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(4));
        var x = tensor(images[16..], [n, 1, 28, 28], ScalarType.Byte);
        var y = tensor(labels[8..], [n], ScalarType.Byte).to(ScalarType.Int64);
        return (x, y);
    }

    private static byte[] Read(string name)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(DirPath, name)), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
