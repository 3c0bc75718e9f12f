using System.Text.Json.Nodes;
using Repro.Core.Steps;
using Repro.Training.Reporting;
using Repro.Training.TensorBoard;
using Repro.Training.Training;

namespace Repro.Training.Steps;

/// <summary>
/// What the <c>train</c> step does after each epoch: what every trainer does (<see cref="EpochReporter"/>: log line, history
/// CSV, metrics stream, the engine's verdict), and every epoch's values (learning rate, samples/s and epoch time included)
/// into a TensorBoard event file under <see cref="TensorBoardDirPath"/>, with the resolved hyperparameters and the final
/// metrics on its HParams dashboard when training ends.
/// </summary>
internal sealed class TrainStepObserver : ITrainingObserver, IDisposable
{
    private readonly StepRequest request;
    private readonly TimeProvider time;
    private readonly MetricsReporter stream;
    private readonly EpochReporter reporter;
    private SummaryWriter? writer;

    public TrainStepObserver(StepRequest request, TextWriter log, bool classification, TimeProvider time)
    {
        this.request = request;
        this.time = time;
        stream = MetricsReporter.FromRequest(request);
        var historyCsvPath = request.Plots.Count > 0 ? Path.GetFullPath(request.Plots[0], request.ProjectDirPath) : null;
        reporter = new EpochReporter(request.Stage, log, stream, ControlFile.FromRequest(request), historyCsvPath, classification);
    }

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
        ArgumentNullException.ThrowIfNull(metrics);
        writer ??= new SummaryWriter(TensorBoardDirPath(request), time);
        foreach (var (name, value) in metrics.Values())
            writer.AddScalar(name, value, metrics.Epoch);
        writer.AddScalar("samples_per_s", metrics.SamplesPerSecond, metrics.Epoch);
        writer.AddScalar("epoch_s", metrics.EpochSeconds, metrics.Epoch);
        // Flushed every epoch so a TensorBoard watching the run shows it live.
        writer.Flush();
        return reporter.EpochEnded(metrics);
    }

    public void Finished(TrainingResult result, JsonObject hparams)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(hparams);
        writer ??= new SummaryWriter(TensorBoardDirPath(request), time);
        var metricTags = result.Best.Values().Where(v => v.Name != "lr").Select(v => v.Name).ToList();
        writer.AddHparams(Hyperparameters.ForTensorBoard(hparams), metricTags);
        writer.Flush();
    }

    public void Dispose()
    {
        writer?.Dispose();
        stream.Dispose();
    }
}
