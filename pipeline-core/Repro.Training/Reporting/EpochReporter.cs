using System.Globalization;
using Repro.Training.Training;

namespace Repro.Training.Reporting;

/// <summary>
/// What a trainer does after each epoch, the built-in <c>train</c> step and custom trainers alike: one log line, the
/// history CSV so far (when the stage declares a plot), one line on the metrics stream (so the engine records the series
/// and a search can prune), and the engine's verdict from the control file: <c>prune</c> or <c>stop</c> ends training after this epoch.
/// </summary>
/// <param name="stage">The stage's name, at the start of every log line.</param>
/// <param name="log">Where log lines go (the built-in step writes to standard error).</param>
/// <param name="metrics">The metrics stream (<c>REPRO_METRICS_STREAM</c>); a silent reporter outside Repro.</param>
/// <param name="control">The control file (<c>REPRO_CONTROL</c>).</param>
/// <param name="historyCsvPath">Where to keep the <see cref="HistoryCsv"/>, or null for none.</param>
/// <param name="classification">Which quality columns the CSV has; null decides from the first epoch (accuracy present or not).</param>
public sealed class EpochReporter(
    string stage,
    TextWriter log,
    MetricsReporter metrics,
    ControlFile control,
    string? historyCsvPath = null,
    bool? classification = null
) : ITrainingObserver
{
    private readonly List<EpochMetrics> history = [];
    private bool? classification = classification;

    /// <summary>Every epoch reported so far.</summary>
    public IReadOnlyList<EpochMetrics> History => history;

    /// <summary>What the control file asked for when training stopped, or <see cref="ControlCommand.None"/>.</summary>
    public ControlCommand StopCommand { get; private set; }

    /// <summary>Records <paramref name="epoch"/>; false when the engine asked to stop (pruned trial or interrupted run).</summary>
    public bool EpochEnded(EpochMetrics epoch)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        history.Add(epoch);
        classification ??= epoch.TrainAcc is not null || epoch.ValAcc is not null;
        var values = string.Join(
            ", ",
            epoch.Values().Where(v => v.Name != "lr").Select(v => $"{v.Name} {v.Value.ToString("F4", CultureInfo.InvariantCulture)}")
        );
        log.WriteLine(
            $"{stage}: epoch {epoch.Epoch}: {values}, lr {epoch.Lr.ToString("G4", CultureInfo.InvariantCulture)}, "
                + $"{epoch.SamplesPerSecond.ToString("F0", CultureInfo.InvariantCulture)} samples/s, {epoch.EpochSeconds.ToString("F1", CultureInfo.InvariantCulture)} s"
        );
        if (historyCsvPath is not null)
            HistoryCsv.Write(historyCsvPath, history, classification.Value);
        metrics.Report(
            epoch.Epoch,
            [
                .. epoch.Values().Select(v => KeyValuePair.Create(v.Name, v.Value)),
                KeyValuePair.Create("samples_per_s", epoch.SamplesPerSecond),
                KeyValuePair.Create("epoch_s", epoch.EpochSeconds),
            ]
        );
        StopCommand = control.AfterEpoch(stage, epoch.Epoch, log);
        return StopCommand == ControlCommand.None;
    }
}
