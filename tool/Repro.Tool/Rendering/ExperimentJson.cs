using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Repro.Core.Experiments;
using Repro.Core.Store;

namespace Repro.Tool.Rendering;

/// <summary>The JSON shapes of <c>exp list --json</c> and <c>exp show --json</c> (keys: name, git.commit, params, metrics, stages, env).</summary>
public static class ExperimentJson
{
    /// <summary>
    /// An <c>exp list --json</c> entry: id, name, created, status, params, metrics, and <c>kind</c>: the run's
    /// <paramref name="kind"/> (<c>trial</c> or <c>search-upstream</c>), or <c>run</c>; a trial's run adds <c>trial</c>:
    /// <paramref name="trial"/>, else its study and number.
    /// </summary>
    public static JsonObject Summary(ExperimentRow row, string? kind, JsonObject? trial = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        var (run, parameters, metrics) = row;
        var summary = new JsonObject
        {
            ["id"] = run.Id,
            ["name"] = run.Name,
            ["created"] = Time(run.CreatedAt),
            ["status"] = Lower(run.Status),
            ["params"] = Object(parameters),
            ["metrics"] = new JsonObject([.. metrics.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))]),
            ["kind"] = kind ?? "run",
        };
        if (trial is not null)
            summary["trial"] = trial;
        else if (SearchRuns.TryGetTrial(run, kind, out var study, out var number))
            summary["trial"] = new JsonObject { ["study"] = study, ["number"] = number };
        return summary;
    }

    public static JsonObject Full(RunStore store, RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        var series = store.GetMetricSeries(run.Id);
        return new JsonObject
        {
            ["id"] = run.Id,
            ["name"] = run.Name,
            ["status"] = Lower(run.Status),
            ["created"] = Time(run.CreatedAt),
            ["finished"] = run.FinishedAt is { } f ? Time(f) : null,
            ["command_line"] = run.CommandLine,
            ["git"] = new JsonObject
            {
                ["commit"] = run.GitCommit,
                ["branch"] = run.GitBranch,
                ["dirty"] = run.GitDirty,
                ["dirty_diff_hash"] = run.GitDirtyDiffHash,
            },
            ["seed"] = run.PipelineSeed,
            ["params"] = Parse(run.ParamsJson) ?? new JsonObject(),
            ["metrics"] = new JsonObject([
                .. store
                    .GetMetrics(run.Id)
                    .Select(s =>
                        KeyValuePair.Create(
                            s.Key,
                            (JsonNode?)new JsonObject([.. s.Value.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))])
                        )
                    ),
            ]),
            ["series"] = new JsonObject([
                .. series
                    .GroupBy(p => p.Stage)
                    .Select(stage =>
                        KeyValuePair.Create(
                            stage.Key,
                            (JsonNode?)
                                new JsonObject([
                                    .. stage
                                        .GroupBy(p => p.Name)
                                        .Select(metric =>
                                            KeyValuePair.Create(
                                                metric.Key,
                                                (JsonNode?)
                                                    new JsonArray([
                                                        .. metric
                                                            .OrderBy(p => p.Step)
                                                            .Select(p => (JsonNode)new JsonArray(p.Step, p.Value)),
                                                    ])
                                            )
                                        ),
                                ])
                        )
                    ),
            ]),
            ["stages"] = new JsonArray([
                .. store
                    .GetStageExecutions(run.Id)
                    .Select(s =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["name"] = s.Stage,
                                ["status"] = Lower(s.Status),
                                ["fingerprint"] = s.Fingerprint,
                                ["seed"] = s.Seed,
                                ["duration_ms"] = s.DurationMs,
                                ["exit_code"] = s.ExitCode,
                                ["reason"] = s.Reason,
                                ["deps"] = Parse(s.DepHashesJson),
                                ["outs"] = Parse(s.OutHashesJson),
                            }
                    ),
            ]),
            ["env"] = Parse(run.EnvironmentJson) ?? new JsonObject(),
        };
    }

    /// <summary>A readable rendering of <see cref="Full"/> for the terminal.</summary>
    public static string ToText(JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{record["name"]} ({record["id"]})  {record["status"]}  {record["created"]}\n");
        text.Append(CultureInfo.InvariantCulture, $"command  {record["command_line"]}\n");
        var git = record["git"]!.AsObject();
        text.Append(
            CultureInfo.InvariantCulture,
            $"git      {git["commit"]?.ToString() ?? "(not a git repository)"}{(git["dirty"]?.GetValue<bool>() == true ? " (dirty)" : "")}\n"
        );
        text.Append(CultureInfo.InvariantCulture, $"seed     {record["seed"]}\n");
        Section(
            text,
            "params",
            RunSnapshot.FlattenParams(record["params"]!.ToJsonString()).Select(p => (p.Key, p.Value?.ToJsonString() ?? "null"))
        );
        foreach (var (stage, metrics) in record["metrics"]!.AsObject())
            Section(text, $"metrics ({stage})", metrics!.AsObject().Select(m => (m.Key, m.Value!.ToJsonString())));
        text.Append("\nstages\n");
        foreach (var stage in record["stages"]!.AsArray())
        {
            text.Append(
                CultureInfo.InvariantCulture,
                $"  {stage!["name"], -16} {stage["status"], -9} {stage["duration_ms"], 8} ms  seed {stage["seed"]}  {Short(stage["fingerprint"]?.ToString())}{(stage["reason"] is { } r ? $"  {r}" : "")}\n"
            );
        }
        Section(
            text,
            "environment",
            record["env"]!
                .AsObject()
                .Select(e => (e.Key, e.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : e.Value?.ToJsonString() ?? "null"))
        );
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, IEnumerable<(string Key, string Value)> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
            return;
        text.Append(CultureInfo.InvariantCulture, $"\n{title}\n");
        var width = list.Max(r => r.Key.Length);
        foreach (var (key, value) in list)
            text.Append(CultureInfo.InvariantCulture, $"  {key.PadRight(width)}  {value}\n");
    }

    private static JsonObject Object(IReadOnlyDictionary<string, JsonNode?> values) =>
        new([.. values.Select(v => KeyValuePair.Create(v.Key, v.Value?.DeepClone()))]);

    private static JsonNode? Parse(string json) => string.IsNullOrWhiteSpace(json) ? null : JsonNode.Parse(json);

    private static string Time(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Short(string? id) =>
        id is null ? ""
        : id.Length > 10 ? id[..10]
        : id;
}
