using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Repro.Core.Search.SearchSpace;

/// <summary>
/// The parameters a study searches, parents before the parameters that depend on them.
/// </summary>
/// <remarks>
/// <para>Written under <c>space:</c> in a search stage's <c>with:</c>, one key per dotted parameter name:</para>
/// <code>
/// space:
///   train.lr: "loguniform(1e-4, 1e-1)"        # a real number, log scale
///   train.dropout: "uniform(0, 0.5)"          # a real number
///   train.layers: "int(1, 4)"                 # an integer, both ends included
///   train.batch: "int(16, 512, log)"          # an integer, log scale (also "logint(16, 512)")
///   train.optimizer: "choice(sgd, adam)"      # numbers, strings ('quoted' or bare) or booleans
///   train.width: [64, 128, 256]               # a YAML list is a choice too
///   train.momentum:                           # conditional: exists only while the optimizer is sgd
///     when: { train.optimizer: sgd }          # several keys: all must hold; a list: any of its values
///     value: "uniform(0.8, 0.99)"
/// </code>
/// <para>A condition names a choice or int parameter of the same space and values it can take. An inactive
/// parameter is absent from the trial's params, so the param file keeps its own value for it.</para>
/// </remarks>
public sealed class SearchSpace
{
    private readonly Dictionary<string, SearchParameter> byName;

    public SearchSpace(IReadOnlyList<SearchParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>The parameters, each after every parameter its conditions name.</summary>
    public IReadOnlyList<SearchParameter> Parameters { get; }

    public SearchParameter this[string name] => byName[name];

    public bool Contains(string name) => byName.ContainsKey(name);

    /// <summary>
    /// Assigns a value to every active parameter, in order, calling <paramref name="pick"/> with the values
    /// assigned so far (so a sampler can condition on parents).
    /// </summary>
    public Dictionary<string, object> Assign(Func<SearchParameter, IReadOnlyDictionary<string, object>, object> pick)
    {
        ArgumentNullException.ThrowIfNull(pick);
        var assigned = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var parameter in Parameters)
            if (parameter.IsActive(assigned))
                assigned[parameter.Name] = pick(parameter, assigned);
        return assigned;
    }

    /// <summary>
    /// Reads the <c>space:</c> mapping. Each key's position is looked up in <paramref name="locations"/> under
    /// <c>{pathPrefix}.{key}</c> (and <c>{pathPrefix}.{key}.when</c> for its condition), as in
    /// <c>StepRequest.Locations</c>. Every problem is collected, then thrown in one <see cref="ReproException"/>.
    /// </summary>
    public static SearchSpace Parse(
        JsonObject space,
        IReadOnlyDictionary<string, SourceLocation>? locations = null,
        string pathPrefix = "with.space",
        SourceLocation? spaceLocation = null
    )
    {
        ArgumentNullException.ThrowIfNull(space);
        locations ??= new Dictionary<string, SourceLocation>();
        SourceLocation? At(string path) => locations.TryGetValue(path, out var at) ? at : null;

        var problems = new List<Diagnostic>();
        var parsed = new List<(string Name, Distribution Distribution, JsonObject? When, SourceLocation? At)>();
        foreach (var (name, node) in space)
        {
            var at = At($"{pathPrefix}.{name}");
            JsonNode? valueNode = node;
            JsonObject? when = null;
            if (node is JsonObject conditional)
            {
                if (conditional.Count != 2 || conditional["when"] is not JsonObject w || w.Count == 0 || !conditional.ContainsKey("value"))
                {
                    problems.Add(SpaceErrors.BadConditional(at, name));
                    continue;
                }
                when = w;
                valueNode = conditional["value"];
                at = At($"{pathPrefix}.{name}.value") ?? at;
            }
            if (ParseValue(name, valueNode, at, problems) is { } distribution)
                parsed.Add((name, distribution, when, at));
        }
        if (space.Count == 0)
            problems.Add(SpaceErrors.EmptySpace(spaceLocation ?? At(pathPrefix)));

        var distributions = parsed.ToDictionary(p => p.Name, p => p.Distribution, StringComparer.Ordinal);
        var parameters = new List<SearchParameter>();
        foreach (var (name, distribution, when, at) in parsed)
        {
            var conditions = new List<ParameterCondition>();
            var whenAt = At($"{pathPrefix}.{name}.when") ?? at;
            foreach (var (parent, valuesNode) in when ?? [])
            {
                if (!distributions.TryGetValue(parent, out var parentDistribution))
                {
                    // A parent that failed to parse was reported already; only a truly unknown name is news.
                    if (!space.ContainsKey(parent))
                        problems.Add(
                            SpaceErrors.UnknownConditionParameter(whenAt, name, parent, space.Select(p => p.Key).Where(k => k != name))
                        );
                    continue;
                }
                if (parentDistribution is FloatDistribution)
                {
                    problems.Add(SpaceErrors.ConditionOnContinuous(whenAt, name, parent, parentDistribution));
                    continue;
                }
                var values = (valuesNode is JsonArray array ? array.ToList() : [valuesNode]).Select(ToChoice).ToList();
                foreach (var value in values.Where(v => v is null || !parentDistribution.Contains(v)))
                    problems.Add(
                        SpaceErrors.ConditionValueNotPossible(
                            whenAt,
                            name,
                            parent,
                            value is null ? "null" : CategoricalDistribution.Format(value),
                            parentDistribution
                        )
                    );
                conditions.Add(new ParameterCondition(parent, values.OfType<object>().ToList()));
            }
            parameters.Add(new SearchParameter(name, distribution, conditions));
        }

        var ordered = Order(parameters, name => At($"{pathPrefix}.{name}.when") ?? At($"{pathPrefix}.{name}"), problems);
        if (problems.Count > 0)
            throw new ReproException(problems);
        return new SearchSpace(ordered);
    }

    private static Distribution? ParseValue(string name, JsonNode? node, SourceLocation? at, List<Diagnostic> problems)
    {
        switch (node)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return DistributionParser.Parse(name, value.GetValue<string>(), at, problems);
            case JsonArray array:
            {
                var choices = array.Select(ToChoice).ToList();
                if (choices.Any(c => c is null))
                {
                    problems.Add(SpaceErrors.NotADistribution(at, name, array.ToJsonString()));
                    return null;
                }
                var list = choices.OfType<object>().ToList();
                return DistributionParser.CheckChoices(name, at, problems, list) ? new CategoricalDistribution(list) : null;
            }
            default:
                problems.Add(SpaceErrors.NotADistribution(at, name, node?.ToJsonString() ?? "null"));
                return null;
        }
    }

    /// <summary>A YAML scalar as a choice value; YAML gives plain scalars as strings, so numbers and booleans are read back.</summary>
    private static object? ToChoice(JsonNode? node) =>
        node switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => DistributionParser.ToValue(new(v.GetValue<string>(), false)),
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.TryGetValue<long>(out var l)
                ? l
                : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
            _ => null,
        };

    /// <summary>Orders parents before children (stable, in the order written); reports a cycle once.</summary>
    private static List<SearchParameter> Order(
        List<SearchParameter> parameters,
        Func<string, SourceLocation?> at,
        List<Diagnostic> problems
    )
    {
        var byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var ordered = new List<SearchParameter>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: visiting, true: done
        var stack = new List<string>();
        var cycleReported = false;

        void Visit(SearchParameter parameter)
        {
            if (state.TryGetValue(parameter.Name, out var done))
            {
                if (!done && !cycleReported)
                {
                    cycleReported = true;
                    var start = stack.IndexOf(parameter.Name);
                    problems.Add(SpaceErrors.ConditionCycle(at(parameter.Name), [.. stack[start..], parameter.Name]));
                }
                return;
            }
            state[parameter.Name] = false;
            stack.Add(parameter.Name);
            foreach (var condition in parameter.Conditions)
                if (byName.TryGetValue(condition.ParentName, out var parent))
                    Visit(parent);
            stack.RemoveAt(stack.Count - 1);
            state[parameter.Name] = true;
            ordered.Add(parameter);
        }

        foreach (var parameter in parameters)
            Visit(parameter);
        return ordered;
    }
}
