using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Experiments;
using Repro.Core.Store;

namespace Repro.Tool.Rendering;

/// <summary>
/// The table of <c>exp list</c>: one row per experiment, with the params that differ between the listed experiments
/// (the ones worth reading) and their metrics.
/// </summary>
public static class ExperimentTable
{
    private const int MaxMetricColumns = 6;

    /// <summary>The table; <paramref name="lead"/> adds columns before the name (a study's trial, state and objective).</summary>
    /// <param name="rows">The experiments, in the order to show.</param>
    /// <param name="lead">Headers of the leading columns and each row's cells, in the order of <paramref name="rows"/>.</param>
    public static string Render(IReadOnlyList<ExperimentRow> rows, (string[] Header, IReadOnlyList<string[]> Cells)? lead = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        // Each param's cells, written once: a 10,000-trial study has 10,000 of each. Whether a param differs is judged on
        // the exact values; the cells show 6 significant digits, as the metrics do (a sampled learning rate has 17).
        var changedParams = rows.SelectMany(r => r.Params.Keys)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(key => (Key: key, Values: rows.Select(r => r.Params.GetValueOrDefault(key)).ToArray()))
            .Select(p => (p.Key, p.Values, Exact: p.Values.Select(Exact).ToArray()))
            .Where(p => p.Exact.Distinct(StringComparer.Ordinal).Skip(1).Any())
            .Select(p => (p.Key, Cells: p.Values.Zip(p.Exact, Show).ToArray()))
            .ToList();
        var metrics = MetricColumns(rows);
        string[] header = [.. lead?.Header ?? [], "name", "id", "created", "status", .. changedParams.Select(p => p.Key), .. metrics];
        var table = new List<string[]> { header };
        foreach (var (i, (run, _, runMetrics)) in rows.Index())
        {
            table.Add([
                .. lead?.Cells[i] ?? [],
                run.Name,
                run.Id.Length > 12 ? run.Id[..12] : run.Id,
                run.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                run.Status.ToString().ToLowerInvariant(),
                .. changedParams.Select(p => p.Cells[i]),
                .. metrics.Select(m => runMetrics.TryGetValue(m, out var v) ? v.ToString("G6", CultureInfo.InvariantCulture) : "—"),
            ]);
        }
        var widths = Enumerable.Range(0, header.Length).Select(i => table.Max(r => r[i].Length)).ToArray();
        // Padding appended in place, not a padded copy of each cell: a 10,000-trial study has 130,000 cells.
        var text = new StringBuilder();
        foreach (var row in table)
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                    text.Append(' ', 2 + widths[i - 1] - row[i - 1].Length);
                text.Append(row[i]);
            }
            var end = text.Length;
            while (end > 0 && text[end - 1] != '\n' && char.IsWhiteSpace(text[end - 1]))
                end--;
            text.Length = end;
            text.Append('\n');
        }
        return text.ToString();
    }

    // The metrics that differ between the rows come first, then those that do not, each in name order. The trainers'
    // hparams.* metrics (every resolved argument, for TensorBoard's hparams view) repeat the params and are left out:
    // alphabetically they came before val_acc and filled all the columns of a list of training runs.
    private static List<string> MetricColumns(IReadOnlyList<ExperimentRow> rows)
    {
        var names = rows.SelectMany(r => r.Metrics.Keys)
            .Distinct(StringComparer.Ordinal)
            .Where(name => !name.Split(':')[^1].StartsWith("hparams.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        bool Differs(string name) => rows.Select(r => r.Metrics.TryGetValue(name, out var v) ? v : (double?)null).Distinct().Skip(1).Any();
        return [.. names.OrderBy(name => Differs(name) ? 0 : 1).Take(MaxMetricColumns).Order(StringComparer.Ordinal)];
    }

    private static string Exact(JsonNode? value) =>
        value switch
        {
            null => "—",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            // A number read from the store: its text as written, without a JSON writer per cell.
            JsonValue v when v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number => e.GetRawText(),
            _ => value.ToJsonString(),
        };

    // A number with a fraction or an exponent at 6 significant digits; integers, strings and lists as written.
    private static string Show(JsonNode? value, string exact) =>
        value is JsonValue v
        && v.GetValueKind() == JsonValueKind.Number
        && exact.AsSpan().IndexOfAny('.', 'e', 'E') >= 0
        && double.TryParse(exact, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d.ToString("G6", CultureInfo.InvariantCulture)
            : exact;
}
