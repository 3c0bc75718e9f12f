using System.Text;
using System.Text.Json;
using Repro.Core;
using TorchSharp;

namespace Repro.Training.Models;

/// <summary>
/// The model file the <c>train</c> step writes to <c>outs[0]</c> and <c>evaluate</c> reads (contract):
/// <list type="number">
/// <item>4 bytes ASCII <c>RPRM</c>;</item>
/// <item>int32 little-endian format version, currently 1;</item>
/// <item>int32 little-endian byte length N of the header, then N bytes of UTF-8 JSON:
/// <c>{"spec": ModelSpec in snake_case}</c> (for example <c>{"spec":{"type":"cnn","input_shape":[1,28,28],"outputs":10,...}}</c>);</item>
/// <item>the weights in TorchSharp's own state-dict format, as written by <c>Module.save(BinaryWriter)</c>
/// (parameters and persistent buffers, in registration order).</item>
/// </list>
/// <see cref="Load"/> rebuilds the architecture with <see cref="ModelFactory.Create"/> from the header and loads the
/// weights into it, leaving torch's global random state as it was. The file holds no time stamp or path, so two identical trainings write identical bytes.
/// </summary>
public static class ModelFile
{
    /// <summary>The current format version.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "RPRM"u8.ToArray();

    /// <summary>Options for the header JSON: snake_case, compact.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (atomically: a temporary file, then a rename).</summary>
    public static void Save(ReproModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.tmp");
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            Write(model, writer);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes the header and weights of <paramref name="model"/> to <paramref name="writer"/>.</summary>
    public static void Write(ReproModel model, BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(writer);
        var header = JsonSerializer.SerializeToUtf8Bytes(new Header(model.Spec), JsonOptions);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(header.Length);
        writer.Write(header);
        model.save(writer);
    }

    /// <summary>Reads only the architecture from a model file.</summary>
    public static ModelSpec ReadSpec(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        return ReadHeader(reader, path);
    }

    /// <summary>Rebuilds the model stored in <paramref name="path"/>, in evaluation mode.</summary>
    public static ReproModel Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        return Read(reader, path);
    }

    /// <summary>Rebuilds a model from <paramref name="reader"/>; <paramref name="path"/> names the source in errors.</summary>
    public static ReproModel Read(BinaryReader reader, string path)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var spec = ReadHeader(reader, path);
        // Building a model draws initial weights from torch's global generator; loading must not disturb a seeded run.
        using var rngState = torch.get_rng_state();
        var model = ModelFactory.Create(spec);
        torch.set_rng_state(rngState);
        model.load(reader);
        model.eval();
        return model;
    }

    private static ModelSpec ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            if (!reader.ReadBytes(4).AsSpan().SequenceEqual(Magic))
                throw Invalid(path, "it does not start with RPRM");
            var version = reader.ReadInt32();
            if (version != FormatVersion)
                throw Invalid(path, $"its format version is {version}, this tool reads {FormatVersion}");
            var length = reader.ReadInt32();
            var header = JsonSerializer.Deserialize<Header>(reader.ReadBytes(length), JsonOptions);
            return header?.Spec ?? throw Invalid(path, "its header has no model spec");
        }
        catch (Exception ex) when (ex is EndOfStreamException or JsonException)
        {
            throw Invalid(path, "it is truncated or its header is not valid JSON");
        }
    }

    private static ReproException Invalid(string path, string why) =>
        new(new Diagnostic(null, $"'{path}' is not a Repro model file: {why}", "train it with `uses: train`"));

    private sealed record Header(ModelSpec Spec);
}
