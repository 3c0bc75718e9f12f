using System.Text.Json;
using System.Text.Json.Nodes;

namespace Repro.Training.Training;

/// <summary>
/// The final metrics JSON of a training (the <c>train</c> step's <c>metrics[0]</c>, and a custom trainer's through
/// <c>StageContext.WriteMetrics</c>): the values of the epoch the model holds (<c>train_loss</c>, <c>val_acc</c>, ...),
/// <c>epochs_run</c>, <c>best_epoch</c>, <c>parameters</c>, <c>stop_reason</c>, <c>determinism</c> and <c>hparams</c>.
/// Nothing time-dependent goes in, so two runs on CPU write identical files.
/// </summary>
public static class TrainingMetrics
{
    /// <summary>The metrics of <paramref name="result"/> as a JSON object.</summary>
    public static JsonObject From(TrainingResult result, long parameterCount, TorchSettings settings, JsonObject? hparams = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(settings);
        var metrics = new JsonObject();
        foreach (var (name, value) in result.Best.Values().Where(v => v.Name != "lr"))
            metrics[name] = value;
        metrics["epochs_run"] = result.EpochsRun;
        metrics["best_epoch"] = result.BestEpoch;
        metrics["parameters"] = parameterCount;
        metrics["stop_reason"] = result.StopReason;
        metrics["determinism"] = settings.Determinism;
        metrics["hparams"] = hparams?.DeepClone() ?? new JsonObject();
        return metrics;
    }

    /// <summary>Writes <paramref name="metrics"/> to <paramref name="path"/>, indented, creating its folder.</summary>
    public static void Write(string path, JsonObject metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, metrics.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
