using System.Text;
using Repro.Core.Execution;

namespace Repro.Core.Search.Execution;

/// <summary>
/// Follows a stage's metrics stream (<c>REPRO_METRICS_STREAM</c>) while it is written: each call returns the complete lines
/// added since the last one, parsed. A half-written last line waits for the next call.
/// </summary>
public sealed class MetricsStreamTail(string path)
{
    private readonly StringBuilder partial = new();
    private long offset;

    public string Path { get; } = path;

    /// <summary>The (step, values) of every complete line written since the last call; lines that are not metrics are skipped.</summary>
    public IReadOnlyList<(long Step, IReadOnlyDictionary<string, double> Values)> ReadNew()
    {
        var result = new List<(long, IReadOnlyDictionary<string, double>)>();
        string text;
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length <= offset)
                return result;
            stream.Seek(offset, SeekOrigin.Begin);
            var buffer = new byte[stream.Length - offset];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            offset += read;
            text = Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return result;
        }
        partial.Append(text);
        var all = partial.ToString();
        var end = all.LastIndexOf('\n');
        if (end < 0)
            return result;
        partial.Clear().Append(all, end + 1, all.Length - end - 1);
        foreach (var line in all[..end].Split('\n'))
            if (line.Trim().Length > 0 && MetricsReader.ParseStreamLine(line) is { } parsed)
                result.Add(parsed);
        return result;
    }
}
