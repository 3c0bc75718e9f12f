using System.Text.Json;
using Repro.Core;
using Repro.Training.Data;
using Repro.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Generative;

/// <summary>
/// The folder <c>data/text</c> writes and <c>train</c> (<c>transformer_lm</c>) reads: <c>dataset.json</c>
/// (<see cref="DatasetInfo"/> of kind <c>text</c>, split sizes in tokens), <c>tokenizer.json</c> (<see cref="Tokenizer"/>)
/// and per split a one-dimensional int64 tensor of token ids, <c>&lt;split&gt;_tokens.pt</c> (TorchSharp format).
/// </summary>
public sealed class TextCorpus : IDisposable
{
    /// <summary>The tokenizer file inside the folder.</summary>
    public const string TokenizerFileName = "tokenizer.json";

    private TextCorpus(DatasetInfo info, Tokenizer tokenizer, Tensor train, Tensor val)
    {
        Info = info;
        Tokenizer = tokenizer;
        Train = train;
        Val = val;
    }

    /// <summary>What <c>dataset.json</c> says.</summary>
    public DatasetInfo Info { get; }

    /// <summary>The tokenizer the ids were made with.</summary>
    public Tokenizer Tokenizer { get; }

    /// <summary>Training token ids, int64 [tokens].</summary>
    public Tensor Train { get; }

    /// <summary>Validation token ids, int64 [tokens].</summary>
    public Tensor Val { get; }

    /// <summary>Writes a corpus folder, replacing whatever <paramref name="dirPath"/> held.</summary>
    public static void Save(string dirPath, DatasetInfo info, Tokenizer tokenizer, long[] train, long[] val)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (Directory.Exists(dirPath))
            Directory.Delete(dirPath, recursive: true);
        Directory.CreateDirectory(dirPath);
        using (var t = tensor(train))
            t.save(Path.Combine(dirPath, "train_tokens.pt"));
        using (var v = tensor(val))
            v.save(Path.Combine(dirPath, "val_tokens.pt"));
        File.WriteAllText(Path.Combine(dirPath, TokenizerFileName), JsonSerializer.Serialize(tokenizer, ModelFile.JsonOptions) + "\n");
        var written = info with
        {
            Splits = new Dictionary<string, long> { ["train"] = train.Length, ["val"] = val.Length },
        };
        File.WriteAllText(
            Path.Combine(dirPath, PreparedDataset.InfoFileName),
            JsonSerializer.Serialize(written, DatasetInfo.JsonOptions) + "\n"
        );
    }

    /// <summary>Loads a corpus folder; a folder of another kind is a <see cref="ReproException"/> saying what to use.</summary>
    public static TextCorpus Load(string dirPath)
    {
        var info = PreparedDataset.ReadInfo(dirPath);
        if (info.Kind != DatasetKinds.Text)
        {
            throw new ReproException(
                $"{dirPath}: a {info.Kind} dataset (from {info.Producer}); transformer_lm trains on text",
                "prepare the data with `uses: data/text`"
            );
        }
        var tokenizerPath = Path.Combine(dirPath, TokenizerFileName);
        Tokenizer? tokenizer;
        try
        {
            tokenizer = File.Exists(tokenizerPath)
                ? JsonSerializer.Deserialize<Tokenizer>(File.ReadAllText(tokenizerPath), ModelFile.JsonOptions)
                : null;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            tokenizer = null;
        }
        if (tokenizer is null)
            throw new ReproException($"{tokenizerPath}: missing or unreadable", "re-run the data/text stage");
        var train = LoadTokens(dirPath, "train", info);
        try
        {
            return new TextCorpus(info, tokenizer, train, LoadTokens(dirPath, "val", info));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Train.Dispose();
        Val.Dispose();
    }

    private static Tensor LoadTokens(string dirPath, string split, DatasetInfo info)
    {
        var path = Path.Combine(dirPath, $"{split}_tokens.pt");
        if (!File.Exists(path))
            throw new ReproException($"{path}: missing from the prepared text", "re-run the data/text stage");
        var tokens = torch.load(path);
        if (tokens.dim() != 1 || tokens.dtype != ScalarType.Int64 || tokens.shape[0] != info.Splits.GetValueOrDefault(split))
        {
            tokens.Dispose();
            throw new ReproException($"{path}: not the token ids {PreparedDataset.InfoFileName} describes", "re-run the data/text stage");
        }
        return tokens;
    }
}
