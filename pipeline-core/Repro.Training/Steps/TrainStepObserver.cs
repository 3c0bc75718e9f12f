using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Steps;
using Repro.Training.TensorBoard;
using Repro.Training.Training;

namespace Repro.Training.Steps;

/// <summary>
/// What the <c>train</c> step does after each epoch: a log line, the history CSV so far, one line
/// <c>{"step": epoch, "train_loss": ..., "val_acc": ..., "lr": ...}</c> on <c>REPRO_METRICS_STREAM</c> (so the engine
/// records the series and a search can prune), and a look at <c>REPRO_CONTROL</c>: <c>prune</c> or <c>stop</c> ends
/// training cleanly after this epoch, with its outputs written. Every epoch's values (learning rate, samples/s and epoch
/// time included) also go to a TensorBoard event file under <see cref="TensorBoardDirPath"/>, and the resolved
/// hyperparameters with the final metrics to its HParams dashboard when training ends.
/// </summary>
internal sealed class TrainStepObserver(StepRequest request, TextWriter log, bool classification, TimeProvider time)
    : ITrainingObserver,
        IDisposable
{
    private readonly List<EpochMetrics> history = [];
    private SummaryWriter? writer;

    /// <summary>
    /// <c>&lt;run&gt;/tb/&lt;stage&gt;</c>: <c>tensorboard --logdir .repro/runs/&lt;id&gt;/tb</c> shows each stage as a run,
    /// and <c>--logdir .repro/runs</c> every run beside the others.
    /// </summary>
    public static string TensorBoardDirPath(StepRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Path.Combine(request.RunDirPath, "tb", request.Stage);
    }

    public bool EpochEnded(EpochMetrics metrics)
    {
        history.Add(metrics);
        writer ??= new SummaryWriter(TensorBoardDirPath(request), time);
        foreach (var (name, value) in metrics.Values())
            writer.AddScalar(name, value, metrics.Epoch);
        writer.AddScalar("samples_per_s", metrics.SamplesPerSecond, metrics.Epoch);
        writer.AddScalar("epoch_s", metrics.EpochSeconds, metrics.Epoch);
        // Flushed every epoch so a TensorBoard watching the run shows it live.
        writer.Flush();
        var values = string.Join(
            ", ",
            metrics.Values().Where(v => v.Name != "lr").Select(v => $"{v.Name} {v.Value.ToString("F4", CultureInfo.InvariantCulture)}")
        );
        log.WriteLine(
            $"{request.Stage}: epoch {metrics.Epoch}: {values}, lr {metrics.Lr.ToString("G4", CultureInfo.InvariantCulture)}, "
                + $"{metrics.SamplesPerSecond.ToString("F0", CultureInfo.InvariantCulture)} samples/s, {metrics.EpochSeconds.ToString("F1", CultureInfo.InvariantCulture)} s"
        );
        if (request.Plots.Count > 0)
            HistoryCsv.Write(Path.GetFullPath(request.Plots[0], request.ProjectDirPath), history, classification);
        if (request.MetricsStreamPath is { } stream)
        {
            var line = new JsonObject { ["step"] = metrics.Epoch };
            foreach (var (name, value) in metrics.Values())
                line[name] = value;
            line["samples_per_s"] = metrics.SamplesPerSecond;
            line["epoch_s"] = metrics.EpochSeconds;
            File.AppendAllText(stream, line.ToJsonString() + "\n");
        }
        if (request.ControlPath is { } control && File.Exists(control))
        {
            var word = File.ReadAllText(control).Trim();
            if (word is "prune" or "stop")
            {
                log.WriteLine($"{request.Stage}: {word} requested by the engine after epoch {metrics.Epoch}");
                return false;
            }
        }
        return true;
    }

    public void Finished(TrainingResult result, JsonObject hparams)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(hparams);
        writer ??= new SummaryWriter(TensorBoardDirPath(request), time);
        var values = hparams.ToDictionary(kv => kv.Key, kv => Plain(kv.Value));
        var metricTags = result.Best.Values().Where(v => v.Name != "lr").Select(v => v.Name).ToList();
        writer.AddHparams(values, metricTags);
        writer.Flush();
    }

    public void Dispose() => writer?.Dispose();

    // HParams shows strings, numbers and booleans as such; lists go in as their JSON text.
    private static object? Plain(JsonNode? node) =>
        node switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            null => null,
            _ => node.ToJsonString(),
        };
}
