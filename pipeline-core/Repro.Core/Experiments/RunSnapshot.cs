using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Store;

namespace Repro.Core.Experiments;

/// <summary>Builds the <see cref="ExperimentSnapshot"/> of a recorded run from the run store.</summary>
public static class RunSnapshot
{
    public static ExperimentSnapshot From(RunStore store, RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        var stages = store.GetStageExecutions(run.Id);
        return new ExperimentSnapshot
        {
            Id = run.Id,
            Name = run.Name,
            CreatedAt = run.CreatedAt,
            GitCommit = run.GitCommit,
            GitDirty = run.GitDirty,
            PipelineSeed = run.PipelineSeed,
            Params = FlattenParams(run.ParamsJson),
            Metrics = MetricPaths.Flatten(store.GetMetrics(run.Id)),
            StageSeeds = stages.ToDictionary(s => s.Stage, s => s.Seed, StringComparer.Ordinal),
            StageFingerprints = stages.ToDictionary(s => s.Stage, s => s.Fingerprint, StringComparer.Ordinal),
            Environment = ReadEnvironment(run.EnvironmentJson),
        };
    }

    /// <summary>Nested params (<c>{"train": {"lr": 0.1}}</c>) as dotted paths (<c>train.lr</c>); lists stay values.</summary>
    public static IReadOnlyDictionary<string, JsonNode?> FlattenParams(string paramsJson)
    {
        var flat = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(paramsJson))
            return flat;
        Walk(JsonNode.Parse(paramsJson), "", flat);
        return flat;
    }

    private static void Walk(JsonNode? node, string prefix, SortedDictionary<string, JsonNode?> flat)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj)
                Walk(child, prefix.Length == 0 ? key : $"{prefix}.{key}", flat);
        }
        else if (prefix.Length > 0)
        {
            flat[prefix] = node?.DeepClone();
        }
    }

    private static IReadOnlyDictionary<string, string> ReadEnvironment(string environmentJson)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(environmentJson) || JsonNode.Parse(environmentJson) is not JsonObject obj)
            return result;
        foreach (var (key, value) in obj)
        {
            result[key] = value switch
            {
                null => "null",
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                _ => value.ToJsonString(),
            };
        }
        return result;
    }
}
