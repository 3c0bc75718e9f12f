using System.Text.Json;
using Repro.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Data;

/// <summary>
/// A dataset folder as data steps write it and trainers read it: <c>dataset.json</c> (<see cref="DatasetInfo"/>) and,
/// per split present (<c>train</c>, <c>val</c>, <c>test</c>), <c>&lt;split&gt;_x.pt</c>, <c>&lt;split&gt;_y.pt</c> and for
/// padded sequences <c>&lt;split&gt;_lengths.pt</c>, each one tensor in TorchSharp's own format (<c>Tensor.save</c>).
/// </summary>
/// <remarks>
/// Inputs are stored compactly (images as uint8) and unnormalised; <see cref="Load"/> converts them to float32 and
/// applies <see cref="DatasetInfo.Normalization"/> in place, so no second copy of a split is ever made.
/// </remarks>
public sealed class PreparedDataset : IDisposable
{
    /// <summary>The file describing the folder.</summary>
    public const string InfoFileName = "dataset.json";

    /// <summary>Split names, in the order they are written.</summary>
    public static IReadOnlyList<string> SplitNames { get; } = ["train", "val", "test"];

    private readonly Dictionary<string, DatasetSplit> splits;

    private PreparedDataset(string dirPath, DatasetInfo info, Dictionary<string, DatasetSplit> splits)
    {
        DirPath = dirPath;
        Info = info;
        this.splits = splits;
    }

    /// <summary>The folder it was loaded from.</summary>
    public string DirPath { get; }

    /// <summary>What <c>dataset.json</c> says.</summary>
    public DatasetInfo Info { get; }

    /// <summary>The training split.</summary>
    public DatasetSplit Train => Split("train");

    /// <summary>The validation split, or <c>null</c> when the step made none (<c>val_fraction: 0</c>).</summary>
    public DatasetSplit? Val => splits.GetValueOrDefault("val");

    /// <summary>The test split, or <c>null</c> when the source has none.</summary>
    public DatasetSplit? Test => splits.GetValueOrDefault("test");

    /// <summary>Whether split <paramref name="name"/> was loaded.</summary>
    public bool Has(string name) => splits.ContainsKey(name);

    /// <summary>Split <paramref name="name"/>; a <see cref="ReproException"/> naming the folder when it is absent.</summary>
    public DatasetSplit Split(string name) =>
        splits.TryGetValue(name, out var split)
            ? split
            : throw new ReproException(
                $"the dataset in {DirPath} has no '{name}' split",
                $"it has {string.Join(", ", Info.Splits.Keys)}" + (name == "val" ? "; set val_fraction above 0 in the data stage" : "")
            );

    /// <summary>Reads only <c>dataset.json</c> (no tensors): cheap, for checks and model shapes.</summary>
    public static DatasetInfo ReadInfo(string dirPath)
    {
        var path = Path.Combine(dirPath, InfoFileName);
        if (!File.Exists(path))
        {
            throw new ReproException(
                Directory.Exists(dirPath) ? $"{path}: not a prepared dataset (no {InfoFileName})" : $"{dirPath}: dataset folder not found",
                "point 'data' at the outs folder of a data/... stage, and list it in deps"
            );
        }
        DatasetInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<DatasetInfo>(File.ReadAllText(path), DatasetInfo.JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new ReproException($"{path}: unreadable dataset description: {ex.Message}");
        }
        if (info is null || info.Format != DatasetInfo.CurrentFormat || !DatasetKinds.All.Contains(info.Kind))
            throw new ReproException(
                $"{path}: unsupported dataset description (format {info?.Format}, kind '{info?.Kind}')",
                "re-run the data stage"
            );
        return info;
    }

    /// <summary>
    /// Loads the folder: every split in <paramref name="only"/> (all present when null), inputs as normalised float32,
    /// on <paramref name="device"/> (CPU when null).
    /// </summary>
    public static PreparedDataset Load(string dirPath, Device? device = null, IReadOnlyCollection<string>? only = null)
    {
        ArgumentNullException.ThrowIfNull(dirPath);
        var info = ReadInfo(dirPath);
        var loaded = new Dictionary<string, DatasetSplit>(StringComparer.Ordinal);
        try
        {
            foreach (var name in SplitNames.Where(n => info.Splits.ContainsKey(n) && (only is null || only.Contains(n))))
            {
                var x = LoadTensor(dirPath, $"{name}_x.pt");
                var y = LoadTensor(dirPath, $"{name}_y.pt");
                var lengths = info.VariableLength ? LoadTensor(dirPath, $"{name}_lengths.pt") : null;
                var split = new DatasetSplit(Normalize(x, info.Normalization), y, lengths);
                if (split.Count != info.Splits[name] || y.shape[0] != split.Count)
                {
                    split.Dispose();
                    throw new ReproException(
                        $"{Path.Combine(dirPath, $"{name}_x.pt")}: holds {x.shape[0]} samples, {InfoFileName} says {info.Splits[name]}"
                    );
                }
                loaded[name] = device is null || device.type == DeviceType.CPU ? split : MoveTo(split, device);
            }
        }
        catch
        {
            foreach (var split in loaded.Values)
                split.Dispose();
            throw;
        }
        return new PreparedDataset(dirPath, info, loaded);
    }

    /// <summary>
    /// Writes a dataset folder, replacing whatever <paramref name="dirPath"/> held. Splits are stored as given
    /// (unnormalised); <paramref name="info"/>'s split counts are filled in from them.
    /// </summary>
    public static DatasetInfo Save(string dirPath, DatasetInfo info, IReadOnlyDictionary<string, DatasetSplit> splits)
    {
        ArgumentNullException.ThrowIfNull(dirPath);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(splits);
        if (Directory.Exists(dirPath))
            Directory.Delete(dirPath, recursive: true);
        Directory.CreateDirectory(dirPath);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in SplitNames.Where(splits.ContainsKey))
        {
            var split = splits[name];
            if (split.Count == 0)
                continue;
            // contiguous(): a narrowed view would otherwise be written with its whole storage.
            using (var x = split.X.contiguous())
                x.save(Path.Combine(dirPath, $"{name}_x.pt"));
            using (var y = split.Y.contiguous())
                y.save(Path.Combine(dirPath, $"{name}_y.pt"));
            if (info.VariableLength)
            {
                using var lengths = (
                    split.Lengths ?? throw new ArgumentException($"split '{name}' has no lengths", nameof(splits))
                ).contiguous();
                lengths.save(Path.Combine(dirPath, $"{name}_lengths.pt"));
            }
            counts[name] = split.Count;
        }
        var written = info with { Splits = counts };
        File.WriteAllText(Path.Combine(dirPath, InfoFileName), JsonSerializer.Serialize(written, DatasetInfo.JsonOptions) + "\n");
        return written;
    }

    public void Dispose()
    {
        foreach (var split in splits.Values)
            split.Dispose();
        splits.Clear();
    }

    private static Tensor LoadTensor(string dirPath, string fileName)
    {
        var path = Path.Combine(dirPath, fileName);
        if (!File.Exists(path))
            throw new ReproException($"{path}: missing from the prepared dataset", "re-run the data stage");
        return torch.load(path);
    }

    private static Tensor Normalize(Tensor x, Normalization normalization)
    {
        if (!torch.is_floating_point(x))
        {
            var floats = x.to_type(ScalarType.Float32);
            x.Dispose();
            x = floats;
        }
        if (normalization.Scale != 1)
            x.div_(normalization.Scale);
        if (normalization.Mean.Count == 0)
            return x;
        // Shape the stats to broadcast along the per-sample axis (batch axis first): [1, C, 1, 1] for images.
        var shape = Enumerable.Repeat(1L, (int)x.dim()).ToArray();
        shape[normalization.Axis + 1] = normalization.Mean.Count;
        using var mean = tensor(normalization.Mean.Select(v => (float)v).ToArray()).reshape(shape);
        using var std = tensor(normalization.Std.Select(v => (float)v).ToArray()).reshape(shape);
        x.sub_(mean).div_(std);
        return x;
    }

    private static DatasetSplit MoveTo(DatasetSplit split, Device device)
    {
        var moved = split.To(device);
        split.Dispose();
        return moved;
    }
}
