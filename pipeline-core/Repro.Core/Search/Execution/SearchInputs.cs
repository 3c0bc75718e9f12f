using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Graph;
using Repro.Core.Pipeline;

namespace Repro.Core.Search.Execution;

/// <summary>
/// Gives each search stage the inputs of what it searches: the deps and params of its target stage and of the stages
/// between the target and the objective (except what those stages produce themselves). So the search's fingerprint changes,
/// and the study's results stop being reused, when the trainer's code, data or fixed params change; and the graph runs a
/// search after the stages that produce its target's inputs.
/// </summary>
public static class SearchInputs
{
    /// <summary>The stages with every search stage's implicit deps and params added; other stages are returned as they are.</summary>
    public static IReadOnlyList<Stage> Apply(IReadOnlyList<Stage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (!stages.Any(s => s.IsSearch))
            return stages;
        var byName = stages.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var edges = StageGraph.Edges(stages);
        return [.. stages.Select(s => s.IsSearch ? WithInputs(s, byName, edges) : s)];
    }

    private static Stage WithInputs(Stage search, Dictionary<string, Stage> byName, Dictionary<string, IReadOnlyList<string>> edges)
    {
        if (Text(search.With["stage"]) is not { } target || !byName.TryGetValue(target, out var targetStage) || targetStage.IsSearch)
            return search;
        var objective =
            (search.With["objective"] as JsonObject)?["stage"] is { } o && Text(o) is { } name && byName.ContainsKey(name) ? name : target;
        var chain = Upstream(objective, edges).Where(s => s == target || Upstream(s, edges).Contains(target)).ToList();
        if (!chain.Contains(target))
            chain = [target];
        var chainStages = chain.Select(n => byName[n]).ToList();
        var produced = chainStages.SelectMany(s => s.Outputs).Concat(search.Outputs).ToList();
        var deps = search.Deps.ToList();
        foreach (var dep in chainStages.SelectMany(s => s.Deps))
            if (!produced.Any(p => p.Contains(dep.Path) || dep.Contains(p.Path)) && !deps.Any(d => d.Path == dep.Path))
                deps.Add(dep);
        var parameters = new SortedDictionary<string, JsonNode?>(search.Params.ToDictionary(), StringComparer.Ordinal);
        // A searched param's own value never reaches a trial (the trial's value replaces it): it is not an input.
        var searched = search.With["space"] as JsonObject;
        foreach (var (param, value) in chainStages.SelectMany(s => s.Params))
            if (searched is null || !searched.ContainsKey(param))
                parameters.TryAdd(param, value?.DeepClone());
        return search with { Deps = deps, Params = parameters };
    }

    private static HashSet<string> Upstream(string stage, Dictionary<string, IReadOnlyList<string>> edges)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([stage]);
        while (stack.Count > 0)
        {
            var name = stack.Pop();
            if (seen.Add(name) && edges.TryGetValue(name, out var producers))
                foreach (var producer in producers)
                    stack.Push(producer);
        }
        return seen;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
