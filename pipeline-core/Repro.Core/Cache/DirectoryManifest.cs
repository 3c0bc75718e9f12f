using System.Text;

namespace Repro.Core.Cache;

/// <summary>
/// The canonical description of a directory: its files sorted by relative path, each with its content id, size and
/// executable bit. The directory's id is the BLAKE3 hash of <see cref="ToBytes"/>, so two directories with the same
/// files have the same id wherever they live, and a renamed, added, removed or changed file changes it.
/// </summary>
/// <remarks>
/// Format (UTF-8, one line per file, '\n' endings): a header <c>repro-tree 1</c>, then
/// <c>&lt;id&gt; &lt;size&gt; &lt;644|755&gt; &lt;path&gt;</c> with '%', '\n' and '\r' in paths written as %25, %0A, %0D.
/// Empty subdirectories are not recorded (as in git): a manifest describes files.
/// </remarks>
public sealed class DirectoryManifest
{
    private const string Header = "repro-tree 1";

    /// <summary>Builds a manifest; entries are sorted (ordinal) and must have distinct paths.</summary>
    public DirectoryManifest(IEnumerable<ManifestEntry> entries)
    {
        var sorted = entries.ToList();
        sorted.Sort((x, y) => string.CompareOrdinal(x.Path, y.Path));
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Path == sorted[i - 1].Path)
                throw new ArgumentException($"duplicate path '{sorted[i].Path}' in a directory manifest", nameof(entries));
        }
        Entries = sorted;
    }

    /// <summary>The files, sorted by path (ordinal).</summary>
    public IReadOnlyList<ManifestEntry> Entries { get; }

    /// <summary>The total size of the files.</summary>
    public long Bytes => Entries.Sum(e => e.Size);

    /// <summary>The canonical bytes the directory id is computed from.</summary>
    public byte[] ToBytes()
    {
        var text = new StringBuilder(Header.Length + 1 + Entries.Count * 100);
        text.Append(Header).Append('\n');
        foreach (var entry in Entries)
        {
            text.Append(entry.Id.ToString())
                .Append(' ')
                .Append(entry.Size)
                .Append(' ')
                .Append(entry.IsExecutable ? "755" : "644")
                .Append(' ')
                .Append(Escape(entry.Path))
                .Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The directory's id: the BLAKE3 hash of <see cref="ToBytes"/>.</summary>
    public ObjectId ComputeId() => ObjectId.Of(ToBytes());

    /// <summary>Reads a manifest written by <see cref="ToBytes"/>; throws <see cref="FormatException"/> otherwise.</summary>
    public static DirectoryManifest Parse(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var lines = text.Split('\n');
        if (lines.Length < 2 || lines[0] != Header || lines[^1].Length != 0)
            throw new FormatException("not a repro directory manifest");
        var entries = new List<ManifestEntry>(lines.Length - 2);
        for (var i = 1; i < lines.Length - 1; i++)
        {
            var parts = lines[i].Split(' ', 4);
            if (
                parts.Length != 4
                || !ObjectId.TryParse(parts[0], out var id)
                || !long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var size)
                || parts[2] is not ("644" or "755")
            )
                throw new FormatException($"malformed directory manifest line {i + 1}");
            entries.Add(new ManifestEntry(Unescape(parts[3]), id, size, parts[2] == "755"));
        }
        return new DirectoryManifest(entries);
    }

    private static string Escape(string path) =>
        path.AsSpan().IndexOfAny('%', '\n', '\r') < 0 ? path : path.Replace("%", "%25").Replace("\n", "%0A").Replace("\r", "%0D");

    private static string Unescape(string path)
    {
        if (!path.Contains('%'))
            return path;
        var text = new StringBuilder(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '%' && i + 2 < path.Length)
            {
                text.Append(
                    path.AsSpan(i + 1, 2) switch
                    {
                        "25" => '%',
                        "0A" => '\n',
                        "0D" => '\r',
                        _ => throw new FormatException($"bad escape in manifest path '{path}'"),
                    }
                );
                i += 2;
            }
            else
                text.Append(path[i]);
        }
        return text.ToString();
    }
}
