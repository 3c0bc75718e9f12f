using System.Globalization;
using System.Text;
using Repro.Core.Steps;

namespace Repro.Training.Reporting;

/// <summary>
/// Appends one JSON object a line (<c>{"step": 3, "train_loss": 0.41, "val_acc": 0.87}</c>) to the metrics stream the engine
/// reads while a stage runs (<c>REPRO_METRICS_STREAM</c>): live progress, and the values a search pruner judges a trial by.
/// Custom trainers use it too. Without a stream path it does nothing.
/// </summary>
public sealed class MetricsReporter : IDisposable
{
    /// <summary>The environment variable naming the stream for custom (<c>run:</c>) trainers.</summary>
    public const string EnvironmentVariable = "REPRO_METRICS_STREAM";

    private readonly FileStream? stream;

    /// <summary>A reporter appending to <paramref name="path"/>, or a silent one when it is null or empty.</summary>
    public MetricsReporter(string? path)
    {
        if (string.IsNullOrEmpty(path))
            return;
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
    }

    /// <summary>The stream's path, or <c>null</c> for a silent reporter.</summary>
    public string? Path { get; }

    /// <summary>Whether values go anywhere.</summary>
    public bool Enabled => stream is not null;

    /// <summary>The request's stream, else <c>REPRO_METRICS_STREAM</c>, else a silent reporter.</summary>
    public static MetricsReporter FromRequest(StepRequest? request) =>
        new(request?.MetricsStreamPath ?? Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>Writes <paramref name="values"/> at <paramref name="step"/> (an epoch for the built-in trainer) as one line, flushed.</summary>
    public void Report(long step, IEnumerable<KeyValuePair<string, double>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (stream is null)
            return;
        var line = new StringBuilder("{\"step\": ").Append(step.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in values)
        {
            line.Append(", ").Append(System.Text.Json.JsonSerializer.Serialize(name)).Append(": ");
            // JSON has no NaN or infinity: a diverged loss is reported as null rather than breaking the reader.
            line.Append(double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "null");
        }
        line.Append("}\n");
        // One write per line, so a reader never sees half an object.
        stream.Write(Encoding.UTF8.GetBytes(line.ToString()));
        stream.Flush();
    }

    public void Dispose() => stream?.Dispose();
}
