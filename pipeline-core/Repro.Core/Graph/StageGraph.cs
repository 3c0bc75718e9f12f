using Repro.Core.Pipeline;

namespace Repro.Core.Graph;

/// <summary>
/// The stages and their data flow: a stage depends on another when one of its deps is an output of the other,
/// lies inside an output folder, or is a folder holding an output.
/// </summary>
public sealed class StageGraph
{
    private readonly Dictionary<string, IReadOnlyList<string>> upstream;
    private readonly Dictionary<string, List<string>> downstream;

    public StageGraph(PipelineFile pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        Pipeline = pipeline;
        upstream = Edges(pipeline.Stages);
        downstream = pipeline.Stages.ToDictionary(s => s.Name, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (consumer, producers) in upstream)
        foreach (var producer in producers)
            downstream[producer].Add(consumer);
        Order = TopologicalOrder(pipeline.Stages, upstream);
    }

    public PipelineFile Pipeline { get; }

    /// <summary>Every stage, each after the stages it depends on; ties keep file order.</summary>
    public IReadOnlyList<Stage> Order { get; }

    /// <summary>The stages <paramref name="stage"/> depends on directly.</summary>
    public IReadOnlyList<string> Upstream(string stage) => upstream[stage];

    /// <summary>The stages that depend directly on <paramref name="stage"/>.</summary>
    public IReadOnlyList<string> Downstream(string stage) => downstream[stage];

    /// <summary>The stage that produces <paramref name="path"/> (or a folder holding it); null for a source file.</summary>
    public string? ProducerOf(string path) =>
        Pipeline.Stages.FirstOrDefault(s => s.Outputs.Any(o => o.Contains(path) || new StagePath(path, o.At).Contains(o.Path)))?.Name;

    /// <summary><paramref name="targets"/> and everything they need, in run order; every stage when none is named.</summary>
    public IReadOnlyList<Stage> Closure(IReadOnlyCollection<string> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
            return Order;
        var unknown = targets.Where(t => !upstream.ContainsKey(t)).ToList();
        if (unknown.Count > 0)
        {
            var names = Pipeline.Stages.Select(s => s.Name).ToList();
            throw new ReproException([.. unknown.Select(t => PipelineErrors.UnknownStage(t, names))]);
        }
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(targets);
        while (stack.Count > 0)
        {
            var name = stack.Pop();
            if (wanted.Add(name))
                foreach (var producer in upstream[name])
                    stack.Push(producer);
        }
        return [.. Order.Where(s => wanted.Contains(s.Name))];
    }

    /// <summary>Each stage's direct upstream stages (self included when a stage reads its own output: a cycle).</summary>
    public static Dictionary<string, IReadOnlyList<string>> Edges(IReadOnlyList<Stage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var edges = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var consumer in stages)
        {
            edges[consumer.Name] =
            [
                .. stages
                    .Where(producer =>
                        consumer.Deps.Any(dep => producer.Outputs.Any(output => output.Contains(dep.Path) || dep.Contains(output.Path)))
                    )
                    .Select(p => p.Name),
            ];
        }
        return edges;
    }

    private static List<Stage> TopologicalOrder(IReadOnlyList<Stage> stages, Dictionary<string, IReadOnlyList<string>> upstream)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<Stage>();
        // Kahn's algorithm, always taking the first ready stage in file order: stable and readable output.
        while (order.Count < stages.Count)
        {
            var next = stages.FirstOrDefault(s => !done.Contains(s.Name) && upstream[s.Name].All(done.Contains));
            if (next is null)
                break; // a cycle: the loader reports it
            done.Add(next.Name);
            order.Add(next);
        }
        return order;
    }
}
