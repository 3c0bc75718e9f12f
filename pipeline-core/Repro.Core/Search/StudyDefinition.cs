using System.Text;
using System.Text.Json.Nodes;
using Repro.Core.Search.Execution;
using Repro.Core.Search.SearchSpace;

namespace Repro.Core.Search;

/// <summary>
/// What makes the trials of a study comparable (issue #7): the searched stage, the objective (its stage, metric and
/// direction), the study seed and the space. A search stage whose definition changes starts a new study and keeps the old
/// one; an unchanged definition resumes its study (<see cref="StageStudies"/>).
/// </summary>
/// <remarks>
/// The sampler, the pruner and the budget (<c>trials</c>, <c>parallel</c>, <c>timeout</c>) are not part of it: they decide
/// which points are tried and how long a trial may run, not what a trial's value means, so a study may change them and
/// keep its trials, as Optuna's <c>load_study</c> takes any sampler and pruner. A finished trial is a (point, value) pair
/// whichever sampler proposed it, and TPE's first trials are random ones anyway.
/// </remarks>
public sealed class StudyDefinition
{
    public StudyDefinition(
        string target,
        string objectiveStage,
        string metric,
        StudyDirection direction,
        long seed,
        SearchSpace.SearchSpace space
    )
    {
        ArgumentNullException.ThrowIfNull(space);
        Target = target;
        ObjectiveStage = objectiveStage;
        Metric = metric;
        Direction = direction;
        Seed = seed;
        Space = space;
        Json = Canonical().ToJsonString();
        Hash = Convert.ToHexStringLower(Blake3.Hasher.Hash(Encoding.UTF8.GetBytes(Json)).AsSpan());
    }

    /// <summary>The stage whose params are searched.</summary>
    public string Target { get; }

    /// <summary>The stage whose metrics hold the objective.</summary>
    public string ObjectiveStage { get; }

    public string Metric { get; }

    public StudyDirection Direction { get; }

    public long Seed { get; }

    public SearchSpace.SearchSpace Space { get; }

    /// <summary>
    /// The definition as canonical JSON: parameters sorted by name, distributions in one spelling
    /// (<c>loguniform(1e-4, 0.1)</c> and <c>loguniform(0.0001, 0.1)</c> are one space), so every machine that reads the same
    /// pipeline writes the same text.
    /// </summary>
    public string Json { get; }

    /// <summary>BLAKE3 of <see cref="Json"/>, in hex: what a storage compares to find a stage's study.</summary>
    public string Hash { get; }

    /// <summary>Reads <see cref="Json"/> back.</summary>
    /// <exception cref="FormatException">The text is not a study definition.</exception>
    public static StudyDefinition Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            if (
                JsonNode.Parse(json) is JsonObject root
                && root["objective"] is JsonObject objective
                && root["space"] is JsonObject space
                && Text(root["target"]) is { } target
                && Text(objective["stage"]) is { } stage
                && Text(objective["metric"]) is { } metric
                && Text(objective["direction"]) is { } direction
                && root["seed"] is JsonValue seed
                && seed.TryGetValue<long>(out var seedValue)
            )
                return new StudyDefinition(
                    target,
                    stage,
                    metric,
                    direction == "maximize" ? StudyDirection.Maximize : StudyDirection.Minimize,
                    seedValue,
                    SearchSpace.SearchSpace.Parse(space)
                );
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ReproException)
        {
            throw new FormatException($"not a study definition: {json}", ex);
        }
        throw new FormatException($"not a study definition: {json}");
    }

    /// <summary>
    /// What differs from <paramref name="other"/>, in the words a user reads: <c>space</c>, <c>objective</c>, <c>seed</c>,
    /// <c>searched stage</c>; empty when both define the same study.
    /// </summary>
    public IReadOnlyList<string> Differences(StudyDefinition other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = Canonical();
        var theirs = other.Canonical();
        return
        [
            .. new (string Key, string Words)[]
            {
                ("space", "space"),
                ("objective", "objective"),
                ("seed", "seed"),
                ("target", "searched stage"),
            }
                .Where(part => !JsonNode.DeepEquals(mine[part.Key], theirs[part.Key]))
                .Select(part => part.Words),
        ];
    }

    /// <summary>Parts of a definition as a sentence reads them: <c>space</c>, <c>space and seed</c>, <c>space, objective and seed</c>.</summary>
    public static string Words(IReadOnlyList<string> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return parts.Count switch
        {
            0 => "nothing",
            1 => parts[0],
            var n => $"{string.Join(", ", parts.Take(n - 1))} and {parts[^1]}",
        };
    }

    /// <summary>
    /// Whether a trial's point could have been drawn from this space: every parameter is in it, with a value it holds. An
    /// empty point (a trial claimed but never sampled) says nothing against it.
    /// </summary>
    public bool Admits(IReadOnlyDictionary<string, object> point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return point.All(p => Space.Contains(p.Key) && Space[p.Key].Distribution.Contains(p.Value));
    }

    public override string ToString() => Json;

    private JsonObject Canonical() =>
        new()
        {
            ["target"] = Target,
            ["objective"] = new JsonObject
            {
                ["stage"] = ObjectiveStage,
                ["metric"] = Metric,
                ["direction"] = Direction.ToYaml(),
            },
            ["seed"] = Seed,
            ["space"] = new JsonObject(
                Space.Parameters.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Name, (JsonNode?)Entry(p)))
            ),
        };

    /// <summary>A parameter as <see cref="SearchSpace.SearchSpace.Parse"/> reads it: a distribution's text, choices as a typed list.</summary>
    private static JsonNode Entry(SearchParameter parameter)
    {
        JsonNode value = parameter.Distribution is CategoricalDistribution categorical
            ? new JsonArray([.. categorical.Choices.Select(StudyFiles.Value)])
            : JsonValue.Create(parameter.Distribution.ToString());
        if (!parameter.IsConditional)
            return value;
        return new JsonObject
        {
            ["when"] = new JsonObject(
                parameter
                    .Conditions.OrderBy(c => c.ParentName, StringComparer.Ordinal)
                    .Select(c => KeyValuePair.Create(c.ParentName, (JsonNode?)new JsonArray([.. c.Values.Select(StudyFiles.Value)])))
            ),
            ["value"] = value,
        };
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
