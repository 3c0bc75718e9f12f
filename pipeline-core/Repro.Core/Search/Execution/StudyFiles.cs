using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Cache;

namespace Repro.Core.Search.Execution;

/// <summary>
/// What a search stage leaves in its outs folder: <c>best.yaml</c> (the best trial's params as a param file a later stage
/// can read), <c>trials.csv</c> and <c>trials.json</c> (every trial: number, run, state, value, seed, params, steps).
/// </summary>
public static class StudyFiles
{
    public const string BestFileName = "best.yaml";
    public const string CsvFileName = "trials.csv";
    public const string JsonFileName = "trials.json";

    /// <summary>Writes the three files into <paramref name="dirPath"/>; <c>best.yaml</c> only when a trial completed.</summary>
    public static async Task WriteAsync(
        string dirPath,
        string study,
        string metric,
        StudyDirection direction,
        IReadOnlyList<Trial> trials,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(trials);
        Directory.CreateDirectory(dirPath);
        var best = Best(trials, direction);
        if (best is not null)
            await AtomicFile.WriteAllTextAsync(Path.Combine(dirPath, BestFileName), BestYaml(study, metric, best), cancellationToken);
        await AtomicFile.WriteAllTextAsync(Path.Combine(dirPath, CsvFileName), Csv(study, trials), cancellationToken);
        await AtomicFile.WriteAllTextAsync(Path.Combine(dirPath, JsonFileName), Json(study, metric, direction, trials), cancellationToken);
    }

    /// <summary>The complete trial with the best value (the earliest among equals), or null.</summary>
    public static Trial? Best(IEnumerable<Trial> trials, StudyDirection direction)
    {
        ArgumentNullException.ThrowIfNull(trials);
        Trial? best = null;
        foreach (var trial in trials.Where(t => t.State == TrialState.Complete && t.Value is not null).OrderBy(t => t.Number))
            if (best is null || direction.IsBetter(trial.Value!.Value, best.Value!.Value))
                best = trial;
        return best;
    }

    /// <summary>The trial's run name in <c>repro exp list</c>: <c>tune#12</c>.</summary>
    public static string RunName(string study, int number) => string.Create(CultureInfo.InvariantCulture, $"{study}#{number}");

    /// <summary>
    /// Dotted names become nested mappings (<c>train.lr</c> is <c>train: {lr: ...}</c>); values are written as JSON
    /// scalars, which YAML reads back with the same type (a real keeps its decimal point).
    /// </summary>
    public static string BestYaml(string study, string metric, Trial best)
    {
        ArgumentNullException.ThrowIfNull(best);
        var tree = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, value) in best.Params)
        {
            var parts = name.Split('.');
            var node = tree;
            foreach (var part in parts[..^1])
            {
                if (!node.TryGetValue(part, out var child) || child is not SortedDictionary<string, object> map)
                    node[part] = map = new SortedDictionary<string, object>(StringComparer.Ordinal);
                node = map;
            }
            node[parts[^1]] = value;
        }
        var text = new StringBuilder();
        text.Append(
            CultureInfo.InvariantCulture,
            $"# Best params of study '{study}': trial {best.Number} ({RunName(study, best.Number)}), {metric} = {Scalar(best.Value!.Value)}\n"
        );
        Write(text, tree, 0);
        return text.ToString();
    }

    private static void Write(StringBuilder text, SortedDictionary<string, object> node, int indent)
    {
        foreach (var (key, value) in node)
        {
            text.Append(' ', indent).Append(Key(key)).Append(':');
            if (value is SortedDictionary<string, object> child)
            {
                text.Append('\n');
                Write(text, child, indent + 2);
            }
            else
                text.Append(' ').Append(Scalar(value)).Append('\n');
        }
    }

    private static string Key(string key) =>
        key.All(c => char.IsLetterOrDigit(c) || c is '_' or '-') && key.Length > 0 && !char.IsDigit(key[0])
            ? key
            : JsonSerializer.Serialize(key);

    /// <summary>A value as YAML (and JSON) reads it back with its type.</summary>
    public static string Scalar(object value) =>
        value switch
        {
            double d when double.IsFinite(d) => d.ToString("R", CultureInfo.InvariantCulture) is var r && r.IndexOfAny(['.', 'E', 'e']) < 0
                ? r + ".0"
                : d.ToString("R", CultureInfo.InvariantCulture),
            double d => JsonSerializer.Serialize(d.ToString(CultureInfo.InvariantCulture)),
            long or int => Convert.ToString(value, CultureInfo.InvariantCulture)!,
            bool b => b ? "true" : "false",
            _ => JsonSerializer.Serialize(Convert.ToString(value, CultureInfo.InvariantCulture)),
        };

    private static string Csv(string study, IReadOnlyList<Trial> trials)
    {
        var names = trials.SelectMany(t => t.Params.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.AppendJoin(',', ["number", "run", "state", "value", "seed", "steps", "last_step", .. names.Select(Cell), "message"])
            .Append('\n');
        foreach (var trial in trials.OrderBy(t => t.Number))
        {
            text.AppendJoin(
                    ',',
                    [
                        trial.Number.ToString(CultureInfo.InvariantCulture),
                        Cell(RunName(study, trial.Number)),
                        trial.State.ToString().ToLowerInvariant(),
                        trial.Value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "",
                        trial.Seed.ToString(CultureInfo.InvariantCulture),
                        trial.IntermediateValues.Count.ToString(CultureInfo.InvariantCulture),
                        trial.LastStep?.ToString(CultureInfo.InvariantCulture) ?? "",
                        .. names.Select(n =>
                            trial.Params.TryGetValue(n, out var p) ? Cell(Convert.ToString(p, CultureInfo.InvariantCulture) ?? "") : ""
                        ),
                        Cell(trial.Message ?? ""),
                    ]
                )
                .Append('\n');
        }
        return text.ToString();
    }

    private static string Cell(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;

    private static string Json(string study, string metric, StudyDirection direction, IReadOnlyList<Trial> trials)
    {
        var best = Best(trials, direction);
        var root = new JsonObject
        {
            ["study"] = study,
            ["metric"] = metric,
            ["direction"] = direction.ToYaml(),
            ["best_trial"] = best?.Number,
            ["trials"] = new JsonArray([
                .. trials
                    .OrderBy(t => t.Number)
                    .Select(t =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["number"] = t.Number,
                                ["run"] = RunName(study, t.Number),
                                ["state"] = t.State.ToString().ToLowerInvariant(),
                                ["value"] = t.Value,
                                ["seed"] = t.Seed,
                                ["params"] = new JsonObject(t.Params.Select(p => KeyValuePair.Create(p.Key, Value(p.Value)))),
                                ["intermediate"] = new JsonObject(
                                    t.IntermediateValues.Select(p =>
                                        KeyValuePair.Create(
                                            p.Key.ToString(CultureInfo.InvariantCulture),
                                            (JsonNode?)(double.IsFinite(p.Value) ? JsonValue.Create(p.Value) : null)
                                        )
                                    )
                                ),
                                ["message"] = t.Message,
                            }
                    ),
            ]),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>A param value as JSON.</summary>
    public static JsonNode? Value(object value) =>
        value switch
        {
            double d => JsonValue.Create(d),
            long l => JsonValue.Create(l),
            int i => JsonValue.Create((long)i),
            bool b => JsonValue.Create(b),
            string s => JsonValue.Create(s),
            _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
        };
}
