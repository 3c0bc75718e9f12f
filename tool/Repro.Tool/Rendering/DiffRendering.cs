using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Repro.Core.Diff;

namespace Repro.Tool.Rendering;

/// <summary>Renders an <see cref="ExperimentDiff"/> as console text, Markdown (for pull requests) or JSON (contract).</summary>
public static class DiffRendering
{
    /// <summary>The JSON document of <c>repro diff --json</c> (contract: issue #5).</summary>
    public static JsonObject ToJson(ExperimentDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        return new JsonObject
        {
            ["a"] = Side(diff.A),
            ["b"] = Side(diff.B),
            ["params"] = new JsonArray([
                .. diff.Params.Select(p =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["path"] = p.Path,
                            ["a"] = p.A?.DeepClone(),
                            ["b"] = p.B?.DeepClone(),
                        }
                ),
            ]),
            ["metrics"] = new JsonArray([
                .. diff.Metrics.Select(m =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["path"] = m.Path,
                            ["a"] = m.A,
                            ["b"] = m.B,
                            ["delta"] = m.Delta,
                            ["relative"] = m.Relative,
                        }
                ),
            ]),
            ["stages"] = new JsonArray([
                .. diff.Stages.Select(s =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["stage"] = s.Stage,
                            ["fingerprint_a"] = s.FingerprintA,
                            ["fingerprint_b"] = s.FingerprintB,
                            ["seed_a"] = s.SeedA,
                            ["seed_b"] = s.SeedB,
                        }
                ),
            ]),
            ["environment"] = new JsonArray([
                .. diff.Environment.Select(e =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["path"] = e.Path,
                            ["a"] = e.A?.DeepClone(),
                            ["b"] = e.B?.DeepClone(),
                        }
                ),
            ]),
        };
    }

    /// <summary>Markdown tables fit for a pull-request comment.</summary>
    public static string ToMarkdown(ExperimentDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"### {diff.A.Name} → {diff.B.Name}\n");
        if (diff.IsEmpty && diff.Environment.Count == 0)
            md.Append("\nNo differences.\n");
        Table(md, "Params", ["param", "A", "B"], diff.Params.Select(p => new[] { p.Path, Show(p.A), Show(p.B) }));
        Table(
            md,
            "Metrics",
            ["metric", "A", "B", "change"],
            diff.Metrics.Select(m => new[] { m.Path, Show(m.A), Show(m.B), ShowChange(m) })
        );
        Table(md, "Stages", ["stage", "fingerprint A", "fingerprint B", "seed A", "seed B"], diff.Stages.Select(StageRow));
        Table(md, "Environment", ["", "A", "B"], diff.Environment.Select(e => new[] { e.Path, Show(e.A), Show(e.B) }));
        return md.ToString();
    }

    /// <summary>Plain aligned tables for the terminal.</summary>
    public static string ToText(ExperimentDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"A: {diff.A.Name} ({Short(diff.A.Id)})   B: {diff.B.Name} ({Short(diff.B.Id)})\n");
        if (diff.IsEmpty && diff.Environment.Count == 0)
        {
            text.Append("no differences\n");
            return text.ToString();
        }
        Columns(text, ["param", "A", "B"], diff.Params.Select(p => new[] { p.Path, Show(p.A), Show(p.B) }));
        Columns(text, ["metric", "A", "B", "change"], diff.Metrics.Select(m => new[] { m.Path, Show(m.A), Show(m.B), ShowChange(m) }));
        Columns(text, ["stage", "fingerprint A", "fingerprint B", "seed A", "seed B"], diff.Stages.Select(StageRow));
        Columns(text, ["environment", "A", "B"], diff.Environment.Select(e => new[] { e.Path, Show(e.A), Show(e.B) }));
        return text.ToString();
    }

    private static JsonObject Side(Repro.Core.Experiments.ExperimentSnapshot s) =>
        new()
        {
            ["id"] = s.Id,
            ["name"] = s.Name,
            ["created"] = s.CreatedAt?.ToString("O", CultureInfo.InvariantCulture),
            ["git_commit"] = s.GitCommit,
            ["git_dirty"] = s.GitDirty,
            ["seed"] = s.PipelineSeed,
        };

    private static string[] StageRow(StageChange s) =>
        [s.Stage, Short(s.FingerprintA), Short(s.FingerprintB), Show(s.SeedA), Show(s.SeedB)];

    private static void Table(StringBuilder md, string title, string[] header, IEnumerable<string[]> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
            return;
        md.Append(
            CultureInfo.InvariantCulture,
            $"\n**{title}**\n\n| {string.Join(" | ", header)} |\n|{string.Concat(header.Select(_ => "---|"))}\n"
        );
        foreach (var row in list)
            md.Append(
                CultureInfo.InvariantCulture,
                $"| {string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))} |\n"
            );
    }

    private static void Columns(StringBuilder text, string[] header, IEnumerable<string[]> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
            return;
        var all = list.Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => all.Max(r => r[i].Length)).ToArray();
        text.Append('\n');
        foreach (var row in all)
            text.Append(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd()).Append('\n');
    }

    internal static string ShowChange(MetricDelta m) =>
        m.Delta is not { } delta ? "—"
        : m.Relative is { } relative
            ? string.Create(CultureInfo.InvariantCulture, $"{delta:+0.######;-0.######;0} ({relative:+0.##%;-0.##%;0%})")
        : string.Create(CultureInfo.InvariantCulture, $"{delta:+0.######;-0.######;0}");

    private static string Show(JsonNode? value) =>
        value is null ? "—"
        : value is JsonValue v && v.TryGetValue<string>(out var s) ? s
        : value.ToJsonString();

    internal static string Show(double? value) => value is { } v ? v.ToString("G10", CultureInfo.InvariantCulture) : "—";

    private static string Show(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "—";

    private static string Short(string? id) =>
        id is null ? "—"
        : id.Length > 10 ? id[..10]
        : id;
}
