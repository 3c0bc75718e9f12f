namespace Repro.Core.Search.Samplers;

using Repro.Core.Search.SearchSpace;

/// <summary>
/// Walks every combination of the space in the order written (the first parameter varies slowest), skipping
/// combinations another trial already has (running or finished), so parallel workers never share a point.
/// Conditional parameters are enumerated only where they are active. Exhausted: proposes nothing.
/// </summary>
public sealed class GridSampler : ISampler
{
    private readonly IReadOnlyList<IReadOnlyDictionary<string, object>> grid;
    private readonly string[] keys;

    /// <param name="space">The space to grid.</param>
    /// <param name="options">Grid options.</param>
    /// <param name="location">Where the sampler is declared, for the error about continuous parameters.</param>
    public GridSampler(SearchSpace space, GridSamplerOptions options, SourceLocation? location = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<Diagnostic>();
        var values = new Dictionary<string, IReadOnlyList<object>>(StringComparer.Ordinal);
        foreach (var parameter in space.Parameters)
        {
            if (Values(parameter.Distribution, options.GridPoints) is { } list)
                values[parameter.Name] = list;
            else
                problems.Add(SearchErrors.GridNeedsPoints(location, parameter.Name, parameter.Distribution));
        }
        if (options.GridPoints is < 1)
            problems.Add(SearchErrors.BadOption(location, "grid_points", "a whole number of at least 1"));
        if (problems.Count > 0)
            throw new ReproException(problems);

        var points = new List<IReadOnlyDictionary<string, object>>();
        Enumerate(space.Parameters, 0, new Dictionary<string, object>(StringComparer.Ordinal), values, points);
        grid = points;
        keys = [.. points.Select(ParamKey.Of)];
    }

    public string Name => "grid";

    /// <summary>How many points the grid has.</summary>
    public int Count => grid.Count;

    public IReadOnlyDictionary<string, object>? Sample(SamplingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var taken = context.Trials.Where(t => t.Params.Count > 0).Select(t => ParamKey.Of(t.Params)).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < grid.Count; i++)
            if (!taken.Contains(keys[i]))
                return grid[i];
        return null;
    }

    private static void Enumerate(
        IReadOnlyList<SearchParameter> parameters,
        int index,
        Dictionary<string, object> assigned,
        Dictionary<string, IReadOnlyList<object>> values,
        List<IReadOnlyDictionary<string, object>> points
    )
    {
        if (index == parameters.Count)
        {
            points.Add(new Dictionary<string, object>(assigned, StringComparer.Ordinal));
            return;
        }
        var parameter = parameters[index];
        if (!parameter.IsActive(assigned))
        {
            Enumerate(parameters, index + 1, assigned, values, points);
            return;
        }
        foreach (var value in values[parameter.Name])
        {
            assigned[parameter.Name] = value;
            Enumerate(parameters, index + 1, assigned, values, points);
        }
        assigned.Remove(parameter.Name);
    }

    private static List<object>? Values(Distribution distribution, int? gridPoints)
    {
        switch (distribution)
        {
            case CategoricalDistribution categorical:
                return [.. categorical.Choices];
            case IntDistribution ints when gridPoints is not { } n || ints.Count <= n:
                return [.. Enumerable.Range(0, (int)ints.Count).Select(i => (object)(ints.Low + i))];
            case IntDistribution ints:
                return [.. Spaced(ints.Low, ints.High, ints.Log, gridPoints.Value).Select(v => (object)(long)Math.Round(v)).Distinct()];
            case FloatDistribution floats when gridPoints is { } n:
                return [.. Spaced(floats.Low, floats.High, floats.Log, n).Select(v => (object)Math.Clamp(v, floats.Low, floats.High))];
            default:
                return null;
        }
    }

    private static IEnumerable<double> Spaced(double low, double high, bool log, int n)
    {
        if (n <= 1)
        {
            yield return log ? Math.Sqrt(low * high) : (low + high) / 2;
            yield break;
        }
        var (a, b) = log ? (Math.Log(low), Math.Log(high)) : (low, high);
        for (var i = 0; i < n; i++)
        {
            var x = a + ((b - a) * i / (n - 1));
            yield return log ? Math.Exp(x) : x;
        }
    }
}
