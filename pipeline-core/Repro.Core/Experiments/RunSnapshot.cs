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
        // The listing's row gives params and metrics; a snapshot adds the stages and the environment.
        var row = ExperimentRow.ReadMany(store, [run])[0];
        var stages = store.GetStageExecutions(run.Id);
        return new ExperimentSnapshot
        {
            Id = run.Id,
            Name = run.Name,
            CreatedAt = run.CreatedAt,
            GitCommit = run.GitCommit,
            GitDirty = run.GitDirty,
            PipelineSeed = run.PipelineSeed,
            Params = row.Params,
            Metrics = row.Metrics,
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
        // JsonDocument rather than JsonNode.Parse: listing a 10,000-trial study flattens 10,000 of these, and a parsed
        // JsonNode's leaves would each need a deep copy to leave their parent.
        using var document = JsonDocument.Parse(paramsJson);
        Walk(document.RootElement, "", flat);
        return flat;
    }

    private static void Walk(JsonElement element, string prefix, SortedDictionary<string, JsonNode?> flat)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
                Walk(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}", flat);
        }
        else if (prefix.Length > 0)
        {
            flat[prefix] = element.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => JsonValue.Create(element.GetString()),
                JsonValueKind.True or JsonValueKind.False => JsonValue.Create(element.GetBoolean()),
                JsonValueKind.Array => JsonNode.Parse(element.GetRawText()),
                // A number keeps its text (1e-05 stays 1e-05): the node holds a copy of the element.
                _ => JsonValue.Create(element.Clone()),
            };
        }
    }

    // JsonDocument rather than JsonNode: listing a 10,000-trial study reads 10,000 of these, and only needs their text.
    private static IReadOnlyDictionary<string, string> ReadEnvironment(string environmentJson)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(environmentJson))
            return result;
        using var document = JsonDocument.Parse(environmentJson);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            return result;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Null => "null",
                JsonValueKind.String => property.Value.GetString()!,
                _ => property.Value.GetRawText(),
            };
        }
        return result;
    }
}
