using System.Globalization;
using System.Text;
using Repro.Core;
using Repro.Core.Steps;

namespace Repro.Training.Data;

/// <summary>
/// A CSV file with a header row, read whole, every field remembering its line and column so that a bad value is
/// reported where it is (<c>data.csv:12:7</c>). Fields may be quoted (<c>"a, b"</c>, <c>""</c> for a quote); a quoted
/// field spanning lines is not supported. Blank lines are skipped.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> columnIndex;

    private CsvTable(string path, string displayPath, IReadOnlyList<string> header, IReadOnlyList<CsvRow> rows)
    {
        Path = path;
        DisplayPath = displayPath;
        Header = header;
        Rows = rows;
        columnIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
            columnIndex.TryAdd(header[i], i);
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The path used in messages (relative to the project when inside it).</summary>
    public string DisplayPath { get; }

    /// <summary>Column names, from the first non-blank line.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Data rows, each with as many fields as the header.</summary>
    public IReadOnlyList<CsvRow> Rows { get; }

    /// <summary>
    /// Reads <paramref name="path"/>. A missing file, an empty file, a duplicate column name or a row with the wrong
    /// number of fields is a <see cref="ReproException"/> listing every such row (up to ten).
    /// </summary>
    public static CsvTable Read(string path, string displayPath, char delimiter = ',')
    {
        if (!File.Exists(path))
            throw new ReproException(DataErrors.MissingFile(displayPath));
        var problems = new List<Diagnostic>();
        List<string>? header = null;
        var rows = new List<CsvRow>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            if (!TrySplit(line, delimiter, out var fields, out var columns, out var error))
            {
                problems.Add(DataErrors.BadCsv(displayPath, lineNumber, error.Column, error.Message));
            }
            else if (header is null)
            {
                header = [.. fields.Select(f => f.Trim())];
                var duplicates = header.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);
                foreach (var name in duplicates)
                    problems.Add(DataErrors.BadCsv(displayPath, lineNumber, 1, $"column '{name}' appears more than once in the header"));
            }
            else if (fields.Count != header.Count)
            {
                problems.Add(
                    DataErrors.BadCsv(displayPath, lineNumber, 1, $"{fields.Count} fields, but the header has {header.Count} columns")
                );
            }
            else
            {
                rows.Add(new CsvRow(lineNumber, fields, columns));
            }
            if (problems.Count >= 10)
                break;
        }
        if (header is null)
            problems.Add(DataErrors.BadCsv(displayPath, 1, 1, "empty file: expected a header row of column names"));
        if (problems.Count > 0)
            throw new ReproException(problems);
        return new CsvTable(path, displayPath, header!, rows);
    }

    /// <summary>The index of column <paramref name="name"/>, or -1 after reporting it (with a "did you mean") to <paramref name="problems"/>.</summary>
    public int Column(string name, SourceLocation? at, ICollection<Diagnostic> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (columnIndex.TryGetValue(name, out var index))
            return index;
        problems.Add(DataErrors.UnknownColumn(at, DisplayPath, name, ClosestName.Find(name, Header), Header));
        return -1;
    }

    /// <summary>
    /// Field <paramref name="column"/> of <paramref name="row"/> as a number; on failure reports the field's position to
    /// <paramref name="problems"/> (at most ten reports in all) and returns NaN.
    /// </summary>
    public double Number(CsvRow row, int column, ICollection<Diagnostic> problems)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(problems);
        var text = row.Fields[column].Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        if (problems.Count < 10)
        {
            var what = text.Length == 0 ? "an empty field" : $"'{text}'";
            problems.Add(
                DataErrors.BadCsv(DisplayPath, row.Line, row.Columns[column], $"column '{Header[column]}' holds {what}; expected a number")
            );
        }
        return double.NaN;
    }

    /// <summary>Where field <paramref name="column"/> of <paramref name="row"/> starts.</summary>
    public SourceLocation At(CsvRow row, int column)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new SourceLocation(DisplayPath, row.Line, row.Columns[column]);
    }

    private static bool TrySplit(
        string line,
        char delimiter,
        out List<string> fields,
        out List<int> columns,
        out (int Column, string Message) error
    )
    {
        fields = [];
        columns = [];
        error = default;
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            columns.Add(i + 1);
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                var start = i;
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        error = (start + 1, "unterminated quoted field (a field spanning lines is not supported)");
                        return false;
                    }
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(line[i++]);
                }
                if (i < line.Length && line[i] != delimiter)
                {
                    error = (i + 1, $"unexpected text after a quoted field; expected '{delimiter}'");
                    return false;
                }
            }
            else
            {
                while (i < line.Length && line[i] != delimiter)
                    field.Append(line[i++]);
            }
            fields.Add(field.ToString());
            if (i >= line.Length)
                return true;
            i++;
        }
    }
}
