using System.Text;

namespace Repro.Core.Graph;

/// <summary>Writes the stage graph for <c>repro dag</c>: plain text, or a Mermaid flowchart.</summary>
public static class DagRenderer
{
    /// <summary>One line per stage in run order, with the stages it needs: <c>train  &lt;- prepare</c>.</summary>
    public static string Text(StageGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var width = graph.Order.Count == 0 ? 0 : graph.Order.Max(s => s.Name.Length);
        var text = new StringBuilder();
        foreach (var stage in graph.Order)
        {
            var needs = graph.Upstream(stage.Name);
            text.Append(needs.Count == 0 ? stage.Name : $"{stage.Name.PadRight(width)}  <- {string.Join(", ", needs)}");
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A Mermaid <c>flowchart TD</c>; node ids are positions because stage names may hold '@', '.' and '-'.</summary>
    public static string Mermaid(StageGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var ids = graph.Order.Select((s, i) => (s.Name, Id: $"s{i}")).ToDictionary(p => p.Name, p => p.Id, StringComparer.Ordinal);
        var text = new StringBuilder("flowchart TD\n");
        foreach (var stage in graph.Order)
            text.Append($"    {ids[stage.Name]}[\"{stage.Name}\"]\n");
        foreach (var stage in graph.Order)
        foreach (var producer in graph.Upstream(stage.Name))
            text.Append($"    {ids[producer]} --> {ids[stage.Name]}\n");
        return text.ToString();
    }
}
