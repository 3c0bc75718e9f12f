using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Steps;
using Repro.Training.Reporting;
using Repro.Training.TensorBoard;

namespace Repro.Training.Steps;

/// <summary>
/// What the generative trainers (<c>transformer_lm</c>, <c>dcgan</c>) do after each epoch: a log line, the history CSV so
/// far (<c>plots[0]</c>), one line on the metrics stream (so a search can prune), TensorBoard scalars under
/// <c>&lt;run&gt;/tb/&lt;stage&gt;</c> (where the <c>train</c> step writes too), and a look at the control file (<c>prune</c> or <c>stop</c> ends training
/// after this epoch, with its outputs written).
/// </summary>
internal sealed class GenerativeEpochReporter : IDisposable
{
    private readonly StepRequest request;
    private readonly TextWriter log;
    private readonly MetricsReporter stream;
    private readonly ControlFile control;
    private readonly List<IReadOnlyList<(string Name, double Value)>> history = [];

    public GenerativeEpochReporter(StepRequest request, TextWriter log)
    {
        this.request = request;
        this.log = log;
        stream = MetricsReporter.FromRequest(request);
        control = ControlFile.FromRequest(request);
        TensorBoardDirPath = TrainStepObserver.TensorBoardDirPath(request);
        Writer = new SummaryWriter(TensorBoardDirPath, TimeProvider.System);
    }

    /// <summary>The folder of this stage's TensorBoard event file.</summary>
    public string TensorBoardDirPath { get; }

    /// <summary>The stage's TensorBoard writer, for images.</summary>
    public SummaryWriter Writer { get; }

    /// <summary>
    /// Reports epoch <paramref name="epoch"/> (from 1): <paramref name="values"/> are deterministic, <paramref name="timings"/>
    /// are not (they go everywhere but the final metrics). Returns false when the engine asked to stop.
    /// </summary>
    public bool EpochEnded(int epoch, IReadOnlyList<(string Name, double Value)> values, IReadOnlyList<(string Name, double Value)> timings)
    {
        IReadOnlyList<(string Name, double Value)> row = [.. values, .. timings];
        history.Add(row);
        log.WriteLine(
            $"{request.Stage}: epoch {epoch}: "
                + string.Join(
                    ", ",
                    row.Select(v => $"{v.Name} {v.Value.ToString(v.Name == "lr" ? "G4" : "F4", CultureInfo.InvariantCulture)}")
                )
        );
        if (request.Plots.Count > 0)
            WriteHistory(StepPaths.Resolve(request, request.Plots[0]));
        stream.Report(epoch, row.Select(v => KeyValuePair.Create(v.Name, v.Value)));
        foreach (var (name, value) in row)
            Writer.AddScalar(name, value, epoch);
        Writer.Flush();
        return control.AfterEpoch(request.Stage, epoch, log) == ControlCommand.None;
    }

    /// <summary>Writes the final metrics JSON (indented, one trailing newline) to <c>metrics[0]</c> when declared.</summary>
    public void WriteMetrics(JsonObject metrics, JsonObject hparams)
    {
        if (StepPaths.FirstMetrics(request) is not { } path)
            return;
        metrics["hparams"] = hparams.DeepClone();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, metrics.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    public void Dispose()
    {
        Writer.Dispose();
        stream.Dispose();
    }

    private void WriteHistory(string path)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', ["epoch", .. history[0].Select(v => v.Name)]));
        for (var i = 0; i < history.Count; i++)
        {
            // "R" round-trips doubles exactly, so the CSV and the metrics JSON agree to the last bit.
            text.AppendLine(
                string.Join(
                    ',',
                    [
                        (i + 1).ToString(CultureInfo.InvariantCulture),
                        .. history[i].Select(v => v.Value.ToString("R", CultureInfo.InvariantCulture)),
                    ]
                )
            );
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text.ToString());
        File.Move(temporary, path, overwrite: true);
    }
}
