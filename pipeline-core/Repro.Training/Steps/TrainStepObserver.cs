using System.Globalization;
using System.Text.Json.Nodes;
using Repro.Core.Steps;
using Repro.Training.Training;

namespace Repro.Training.Steps;

/// <summary>
/// What the <c>train</c> step does after each epoch: a log line, the history CSV so far, one line
/// <c>{"step": epoch, "train_loss": ..., "val_acc": ..., "lr": ...}</c> on <c>REPRO_METRICS_STREAM</c> (so the engine
/// records the series and a search can prune), and a look at <c>REPRO_CONTROL</c>: <c>prune</c> or <c>stop</c> ends
/// training cleanly after this epoch, with its outputs written.
/// </summary>
internal sealed class TrainStepObserver(StepRequest request, TextWriter log, bool classification) : ITrainingObserver
{
    private readonly List<EpochMetrics> history = [];

    public bool EpochEnded(EpochMetrics metrics)
    {
        history.Add(metrics);
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

    public void Finished(TrainingResult result, JsonObject hparams) { }
}
