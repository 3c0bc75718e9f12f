namespace Repro.Core.Graph;

/// <summary>Finds a cycle in the stage graph so that the error can name it (<c>a -> b -> a</c>).</summary>
public static class CycleFinder
{
    /// <summary>
    /// A cycle as the stage names along the data flow, first name repeated at the end; null when there is none.
    /// <paramref name="upstream"/> maps each stage to the stages it depends on, in file order.
    /// </summary>
    public static IReadOnlyList<string>? Find(IReadOnlyDictionary<string, IReadOnlyList<string>> upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        // Walk downstream (producer -> consumer) so the cycle reads in the order data flows.
        var downstream = upstream.Keys.ToDictionary(k => k, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (consumer, producers) in upstream)
        foreach (var producer in producers)
            downstream[producer].Add(consumer);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 done
        var path = new List<string>();
        foreach (var start in upstream.Keys)
        {
            if (!state.ContainsKey(start) && Visit(start, downstream, state, path) is { } cycle)
                return cycle;
        }
        return null;
    }

    private static List<string>? Visit(
        string node,
        Dictionary<string, List<string>> downstream,
        Dictionary<string, int> state,
        List<string> path
    )
    {
        state[node] = 1;
        path.Add(node);
        foreach (var next in downstream[node])
        {
            if (state.TryGetValue(next, out var s) && s == 1)
                return [.. path.Skip(path.IndexOf(next)), next];
            if (!state.ContainsKey(next) && Visit(next, downstream, state, path) is { } cycle)
                return cycle;
        }
        path.RemoveAt(path.Count - 1);
        state[node] = 2;
        return null;
    }
}
