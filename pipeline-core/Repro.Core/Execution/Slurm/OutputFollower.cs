using System.Text;

namespace Repro.Core.Execution.Slurm;

/// <summary>
/// Follows a job's output file as Slurm writes it, like <c>tail -f</c>: each call reads what was appended since the last
/// and passes every complete line on; the last partial line waits for its end (or for <c>final</c>).
/// </summary>
internal sealed class OutputFollower(string path, Action<string> line) : IDisposable
{
    private readonly StringBuilder pending = new();
    private FileStream? stream;
    private StreamReader? reader;

    public void ReadNew(bool final = false)
    {
        if (reader is null)
        {
            if (!File.Exists(path))
                return;
            // Slurm keeps writing: share the file for writing, and read what is there so far.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            reader = new StreamReader(stream, Encoding.UTF8);
        }
        var buffer = new char[8192];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == '\n')
                {
                    line(pending.ToString().TrimEnd('\r'));
                    pending.Clear();
                }
                else
                    pending.Append(buffer[i]);
            }
        }
        if (final && pending.Length > 0)
        {
            line(pending.ToString());
            pending.Clear();
        }
    }

    public void Dispose()
    {
        reader?.Dispose();
        stream?.Dispose();
    }
}
