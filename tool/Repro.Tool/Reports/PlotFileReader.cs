using System.Globalization;
using System.Text.Json;
using Repro.Core;

namespace Repro.Tool.Reports;

/// <summary>
/// Reads a <c>plots:</c> file as DVC plots does: CSV or TSV with a header row, or JSON (an array of objects, or an object
/// holding one such array). The x field is <c>step</c>, <c>epoch</c> or the first column; every other numeric field is a y.
/// </summary>
public static class PlotFileReader
{
    private static readonly string[] XNames = ["step", "epoch", "x", "trial"];

    /// <summary>
    /// Reads <paramref name="relativePath"/> under <paramref name="projectDirPath"/>, with the x and y fields the entry names
    /// (or the defaults); a missing or unreadable file is a user error.
    /// </summary>
    public static PlotFile Read(string projectDirPath, string relativePath, string? xField = null, IReadOnlyList<string>? yFields = null)
    {
        var fullPath = Path.Combine(projectDirPath, relativePath);
        if (!File.Exists(fullPath))
            throw new ReproException(
                new Diagnostic(
                    null,
                    $"plots file '{relativePath}' does not exist",
                    "run the stage that writes it first ('dotnet repro run')"
                )
            );
        var rows = Path.GetExtension(fullPath).ToLowerInvariant() switch
        {
            ".json" => ReadJson(fullPath, relativePath),
            ".tsv" => ReadDelimited(fullPath, '\t'),
            _ => ReadDelimited(fullPath, ','),
        };
        var columns = rows.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal).ToList();
        var numeric = columns
            .Where(c => rows.Any(r => r.ContainsKey(c)))
            .Where(c => rows.All(r => !r.TryGetValue(c, out var v) || v is not null))
            .ToList();
        if (rows.Count == 0 || numeric.Count == 0)
            throw new ReproException(
                new Diagnostic(
                    new SourceLocation(relativePath, 1, 1),
                    "a plots file needs a header and rows of numbers",
                    "write CSV/TSV with a header row, or JSON: an array of objects such as {\"step\": 1, \"loss\": 0.5}"
                )
            );
        var missing = (yFields ?? []).Prepend(xField).OfType<string>().Where(f => !numeric.Contains(f, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
            throw new ReproException(
                new Diagnostic(
                    new SourceLocation(relativePath, 1, 1),
                    $"the plots file has no numeric field {string.Join(", ", missing.Select(m => $"'{m}'"))}",
                    $"its numeric fields are {string.Join(", ", numeric)}"
                )
            );
        var x =
            xField ?? XNames.FirstOrDefault(n => numeric.Contains(n, StringComparer.Ordinal)) ?? (numeric.Count > 1 ? numeric[0] : null);
        var xValues = x is null
            ? rows.Select((_, i) => (double)i).ToList()
            : rows.Select(r => r.GetValueOrDefault(x) ?? double.NaN).ToList();
        var ys = numeric
            .Where(c => c != x && (yFields is null || yFields.Contains(c, StringComparer.Ordinal)))
            .Select(c => (c, (IReadOnlyList<double>)[.. rows.Select(r => r.GetValueOrDefault(c) ?? double.NaN)]))
            .ToList();
        return new PlotFile(relativePath, x ?? "step", xValues, ys);
    }

    // A cell that is not a number makes its column non-numeric (null), so text columns are left out, not misdrawn.
    private static List<Dictionary<string, double?>> ReadDelimited(string fullPath, char separator)
    {
        var lines = File.ReadAllLines(fullPath).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
            return [];
        var header = lines[0].Split(separator).Select(h => h.Trim().Trim('"')).ToArray();
        return
        [
            .. lines
                .Skip(1)
                .Select(line =>
                {
                    var cells = line.Split(separator);
                    var row = new Dictionary<string, double?>(StringComparer.Ordinal);
                    for (var i = 0; i < header.Length && i < cells.Length; i++)
                        row[header[i]] = double.TryParse(
                            cells[i].Trim().Trim('"'),
                            NumberStyles.Float,
                            CultureInfo.InvariantCulture,
                            out var v
                        )
                            ? v
                            : null;
                    return row;
                }),
        ];
    }

    private static List<Dictionary<string, double?>> ReadJson(string fullPath, string relativePath)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(fullPath));
        }
        catch (JsonException ex)
        {
            throw new ReproException(
                new Diagnostic(
                    new SourceLocation(relativePath, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1),
                    ex.Message
                )
            );
        }
        using (document)
        {
            var array =
                document.RootElement.ValueKind == JsonValueKind.Array
                    ? document.RootElement
                    : document.RootElement.EnumerateObject().Select(p => p.Value).FirstOrDefault(v => v.ValueKind == JsonValueKind.Array);
            if (array.ValueKind != JsonValueKind.Array)
                return [];
            return
            [
                .. array
                    .EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.Object)
                    .Select(e =>
                        e.EnumerateObject()
                            .ToDictionary(
                                p => p.Name,
                                p => p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : (double?)null,
                                StringComparer.Ordinal
                            )
                    ),
            ];
        }
    }
}
