using System.Globalization;
using System.Text;

namespace Repro.Training.Training;

/// <summary>
/// The per-epoch history as CSV (the <c>train</c> step's <c>plots[0]</c>): <c>epoch</c>, <c>train_loss</c>,
/// <c>train_acc</c>, <c>val_loss</c>, <c>val_acc</c> (classification) or <c>val_mse</c>, <c>val_mae</c> (regression),
/// <c>lr</c>, then <c>samples_per_s</c> and <c>epoch_s</c>, which are timings and so differ between runs.
/// </summary>
public static class HistoryCsv
{
    /// <summary>Writes <paramref name="history"/> to <paramref name="path"/>, replacing it (a temporary file, then a rename).</summary>
    public static void Write(string path, IReadOnlyList<EpochMetrics> history, bool classification)
    {
        ArgumentNullException.ThrowIfNull(history);
        string[] quality = classification ? ["train_acc", "val_loss", "val_acc"] : ["val_loss", "val_mse", "val_mae"];
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', ["epoch", "train_loss", .. quality, "lr", "samples_per_s", "epoch_s"]));
        foreach (var m in history)
        {
            var cells = new List<string> { m.Epoch.ToString(CultureInfo.InvariantCulture), Format(m.TrainLoss) };
            cells.AddRange(quality.Select(q => m.Get(q) is { } v ? Format(v) : ""));
            cells.Add(Format(m.Lr));
            cells.Add(m.SamplesPerSecond.ToString("F1", CultureInfo.InvariantCulture));
            cells.Add(m.EpochSeconds.ToString("F3", CultureInfo.InvariantCulture));
            text.AppendLine(string.Join(',', cells));
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text.ToString());
        File.Move(temporary, path, overwrite: true);
    }

    // "R" round-trips the double exactly, so the CSV and the metrics JSON agree to the last bit.
    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
