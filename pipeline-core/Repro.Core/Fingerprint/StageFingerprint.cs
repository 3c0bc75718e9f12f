using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Repro.Core.Fingerprint;

/// <summary>
/// What makes a stage up to date (DESIGN.md §3), kept part by part so that <c>status</c> can say which part changed,
/// and the BLAKE3 id over their canonical form that keys the run cache.
/// </summary>
public sealed record StageFingerprint
{
    /// <summary>The fingerprint: BLAKE3 of the canonical JSON of every part, in hex.</summary>
    public required string Id { get; init; }

    /// <summary>The stage definition after interpolation: command or step and arguments, deps, outs, metrics, plots.</summary>
    public required JsonObject Definition { get; init; }

    /// <summary>The values of the parameters the stage reads, canonical JSON, by name.</summary>
    public required IReadOnlyDictionary<string, string> Params { get; init; }

    /// <summary>The content id of every dep, by path.</summary>
    public required IReadOnlyDictionary<string, string> Deps { get; init; }

    public required long Seed { get; init; }

    /// <summary>For <c>uses:</c> stages, the step's implementation version.</summary>
    public string? Implementation { get; init; }

    /// <summary>
    /// The command or step arguments as written, before interpolation, so that a command that changed only because a
    /// parameter did is explained by the parameter alone.
    /// </summary>
    public string? Template { get; init; }

    /// <summary>
    /// Every part as one canonical JSON text: what <see cref="Id"/> hashes, so the text is stored in the object cache under
    /// the fingerprint itself.
    /// </summary>
    public string ToJson() => CanonicalJson.Write(Parts(Definition, Params, Deps, Seed, Implementation, Template));

    /// <summary>Reads what <see cref="ToJson"/> wrote; null for text from another version of the format.</summary>
    public static StageFingerprint? FromJson(string json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject parts || parts["v"]?.GetValue<int>() != FormatVersion)
                return null;
            var definition = (JsonObject)parts["definition"]!.DeepClone();
            var values = ((JsonObject)parts["params"]!).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
            var deps = ((JsonObject)parts["deps"]!).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
            var seed = parts["seed"]!.GetValue<long>();
            var implementation = parts["implementation"]?.GetValue<string>();
            return Create(definition, values, deps, seed, implementation, parts["template"]?.GetValue<string>());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or InvalidCastException)
        {
            return null;
        }
    }

    /// <summary>The fingerprint of these parts.</summary>
    public static StageFingerprint Create(
        JsonObject definition,
        IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> deps,
        long seed,
        string? implementation,
        string? template = null
    )
    {
        var canonical = CanonicalJson.Write(Parts(definition, values, deps, seed, implementation, template));
        return new StageFingerprint
        {
            Id = Convert.ToHexStringLower(Blake3.Hasher.Hash(Encoding.UTF8.GetBytes(canonical)).AsSpan()),
            Definition = definition,
            Params = values,
            Deps = deps,
            Seed = seed,
            Implementation = implementation,
            Template = template,
        };
    }

    /// <summary>
    /// What changed since <paramref name="previous"/>, one sentence per change, in a fixed order: definition, params,
    /// deps, seed, implementation. Empty when nothing did.
    /// </summary>
    public IReadOnlyList<string> ChangesSince(StageFingerprint previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var changes = new List<string>();
        var parts = Definition
            .Select(p => p.Key)
            .Union(previous.Definition.Select(p => p.Key))
            .Where(k => CanonicalJson.Write(Definition[k]) != CanonicalJson.Write(previous.Definition[k]))
            // Same template: the command or arguments differ only by interpolated values, which the params below explain.
            .Where(k => !(k is "run" or "with" && Template is not null && Template == previous.Template))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (parts.Count == 0 && Template != previous.Template)
            parts.Add(Definition.ContainsKey("run") ? "run" : "with");
        if (parts.Count > 0)
            changes.Add($"definition changed ({string.Join(", ", parts)})");
        foreach (var name in Params.Keys.Union(previous.Params.Keys).Order(StringComparer.Ordinal))
        {
            var now = Params.GetValueOrDefault(name);
            var before = previous.Params.GetValueOrDefault(name);
            if (now == before)
                continue;
            changes.Add(
                before is null ? $"param '{name}' is now read ({now})"
                : now is null ? $"param '{name}' is no longer read"
                : $"param '{name}' changed: {before} -> {now}"
            );
        }
        foreach (var path in Deps.Keys.Union(previous.Deps.Keys).Order(StringComparer.Ordinal))
        {
            var now = Deps.GetValueOrDefault(path);
            var before = previous.Deps.GetValueOrDefault(path);
            if (now == before)
                continue;
            changes.Add(
                before is null ? $"dep '{path}' added"
                : now is null ? $"dep '{path}' removed"
                : $"dep '{path}' changed"
            );
        }
        if (Seed != previous.Seed)
            changes.Add($"seed changed: {previous.Seed} -> {Seed}");
        if (Implementation != previous.Implementation)
            changes.Add($"step implementation changed: {previous.Implementation ?? "none"} -> {Implementation ?? "none"}");
        return changes;
    }

    private const int FormatVersion = 1;

    private static JsonObject Parts(
        JsonObject definition,
        IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> deps,
        long seed,
        string? implementation,
        string? template
    ) =>
        new()
        {
            ["template"] = template,
            ["v"] = FormatVersion,
            ["definition"] = definition.DeepClone(),
            ["params"] = new JsonObject(values.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
            ["deps"] = new JsonObject(deps.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
            ["seed"] = seed,
            ["implementation"] = implementation,
        };
}
