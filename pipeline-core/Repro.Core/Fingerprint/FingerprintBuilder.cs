using System.Text.Json.Nodes;
using Repro.Core.Pipeline;
using Repro.Core.Search;
using Repro.Core.Steps;

namespace Repro.Core.Fingerprint;

/// <summary>Builds a stage's <see cref="StageFingerprint"/> from its definition, the params it reads, its dep ids and its seed.</summary>
public static class FingerprintBuilder
{
    /// <summary>
    /// The fingerprint of <paramref name="stage"/> given the content id of each of its deps (hex, by path) and the seed it runs with
    /// (the stage's own unless a search trial overrides it).
    /// </summary>
    public static StageFingerprint Build(Stage stage, IReadOnlyDictionary<string, string> depIds, long seed, StepCatalog steps)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(depIds);
        ArgumentNullException.ThrowIfNull(steps);
        var values = stage.Params.ToDictionary(p => p.Key, p => CanonicalJson.Write(p.Value), StringComparer.Ordinal);
        var implementation = stage.Uses switch
        {
            BuiltinNames.Search => SearchImplementation.Version,
            { } uses when steps.TryGet(uses, out var step) => step.ImplementationVersion,
            _ => null,
        };
        return StageFingerprint.Create(Definition(stage), values, depIds, seed, implementation, stage.Template);
    }

    /// <summary>
    /// The definition after interpolation as JSON. Paths are sorted: listing the same deps in another order is the same stage.
    /// The stage's name is not part of it, so renaming a stage keeps its cache.
    /// </summary>
    public static JsonObject Definition(Stage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var definition = new JsonObject();
        if (stage.Command is { } command)
            definition["run"] = new JsonArray([.. command.Select(a => (JsonNode?)JsonValue.Create(a))]);
        if (stage.Uses is { } uses)
        {
            definition["uses"] = uses;
            definition["with"] = stage.With.DeepClone();
        }
        definition["deps"] = Sorted(stage.Deps.Select(d => d.Path));
        definition["outs"] = Sorted(stage.Outs.Select(o => o.Path));
        definition["metrics"] = Sorted(stage.Metrics.Select(m => m.Path));
        definition["plots"] = Sorted(stage.Plots.Select(p => p.Path));
        return definition;
    }

    private static JsonArray Sorted(IEnumerable<string> paths) =>
        new([.. paths.Order(StringComparer.Ordinal).Select(p => (JsonNode?)JsonValue.Create(p))]);
}
