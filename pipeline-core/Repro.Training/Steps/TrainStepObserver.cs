using System.Globalization;
using System.Text.Json.Nodes;
using Repro.Core.Steps;
using Repro.Training.Training;

namespace Repro.Training.Steps;

/// <summary>What the <c>train</c> step does after each epoch: a log line and the history CSV so far.</summary>
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
        return true;
    }

    public void Finished(TrainingResult result, JsonObject hparams) { }
}
