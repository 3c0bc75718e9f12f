using System.Collections.Concurrent;
using Repro.Core.Execution;
using Repro.Core.Fingerprint;

namespace Repro.Tool.Rendering;

/// <summary>
/// Plain lines for logs and CI: a line when a stage starts and ends, its output as it comes (prefixed with <c>[stage]</c>
/// when several stages may run at once), and a progress line when hashing takes more than a second.
/// </summary>
public sealed class PlainRunObserver(TextWriter status, TextWriter stageOut, TextWriter stageErr, bool prefixOutput, TimeProvider time)
    : IRunObserver
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);
    private readonly System.Threading.Lock gate = new();
    private readonly ConcurrentDictionary<string, (long StartedAt, long ShownAt)> hashing = new(StringComparer.Ordinal);

    public void RunStarted(ActiveRun run) { }

    public void StageStarted(string stage, string reason) => Write(status, $"{stage}: running ({reason})");

    public void StageOutput(string stage, string line, bool isError) =>
        Write(isError ? stageErr : stageOut, prefixOutput ? $"[{stage}] {line}" : line);

    public void StageFinished(StageOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Write(status, RunSummary.Line(outcome));
    }

    public void Hashing(string path, HashProgress progress)
    {
        var now = time.GetTimestamp();
        var (startedAt, shownAt) = hashing.GetOrAdd(path, _ => (now, 0));
        var done = progress.BytesDone >= progress.BytesTotal && progress.FilesDone >= progress.FilesTotal;
        if (time.GetElapsedTime(startedAt, now) < ProgressInterval)
        {
            if (done)
                hashing.TryRemove(path, out _);
            return;
        }
        if (!done && shownAt != 0 && time.GetElapsedTime(shownAt, now) < ProgressInterval)
            return;
        hashing[path] = (startedAt, now);
        Write(
            status,
            $"hashing {path}: {Sizes.Bytes(progress.BytesDone)} of {Sizes.Bytes(progress.BytesTotal)}, {progress.FilesDone} of {progress.FilesTotal} files"
                + (done ? $" ({Sizes.Duration(time.GetElapsedTime(startedAt, now))})" : "")
        );
        if (done)
            hashing.TryRemove(path, out _);
    }

    private void Write(TextWriter writer, string line)
    {
        lock (gate)
            writer.WriteLine(line);
    }
}
