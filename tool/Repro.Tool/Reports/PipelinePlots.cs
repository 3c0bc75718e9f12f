using Repro.Core;
using YamlDotNet.RepresentationModel;

namespace Repro.Tool.Reports;

/// <summary>
/// The <c>plots:</c> entries of pipeline.yaml's stages, as DVC writes them: a path, or a one-key map from the path to
/// <c>{x: field, y: field or [fields]}</c>. Read directly from the YAML so the report does not need the whole pipeline to
/// load (a report of old runs should open even while pipeline.yaml is being edited).
/// </summary>
public static class PipelinePlots
{
    /// <summary>The pipeline file's name (DESIGN.md §2).</summary>
    public const string PipelineFileName = "pipeline.yaml";

    /// <summary>Each plots entry of every stage, in file order; none when there is no pipeline.yaml.</summary>
    public static IReadOnlyList<(string Path, string? X, IReadOnlyList<string>? Y)> Read(string projectDirPath)
    {
        var entries = new List<(string, string?, IReadOnlyList<string>?)>();
        foreach (var (_, stage) in Stages(projectDirPath))
        {
            if (!stage.Children.TryGetValue(new YamlScalarNode("plots"), out var plots))
                continue;
            if (plots is not YamlSequenceNode list)
                throw Invalid(plots, "'plots' is a list of files");
            foreach (var item in list)
                entries.Add(Entry(item));
        }
        return entries;
    }

    /// <summary>The stages of pipeline.yaml by name, in file order, as YAML; none when there is no pipeline.yaml.</summary>
    internal static IReadOnlyList<(string Name, YamlMappingNode Stage)> Stages(string projectDirPath)
    {
        var pipelinePath = Path.Combine(projectDirPath, PipelineFileName);
        if (!File.Exists(pipelinePath))
            return [];
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(pipelinePath);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new ReproException(
                new Diagnostic(new SourceLocation(PipelineFileName, (int)ex.Start.Line, (int)ex.Start.Column), ex.Message)
            );
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            return [];
        if (!root.Children.TryGetValue(new YamlScalarNode("stages"), out var stagesNode) || stagesNode is not YamlMappingNode stages)
            return [];
        return
        [
            .. stages
                .Children.Where(s => s.Key is YamlScalarNode { Value: not null } && s.Value is YamlMappingNode)
                .Select(s => (((YamlScalarNode)s.Key).Value!, (YamlMappingNode)s.Value)),
        ];
    }

    private static (string, string?, IReadOnlyList<string>?) Entry(YamlNode item)
    {
        if (item is YamlScalarNode { Value: { Length: > 0 } path })
            return (path, null, null);
        if (
            item is YamlMappingNode { Children.Count: 1 } map
            && map.Children.Single() is ({ } key, var options)
            && key is YamlScalarNode { Value: { } file }
        )
        {
            if (options is not YamlMappingNode props)
                return (file, null, null);
            var x = props.Children.TryGetValue(new YamlScalarNode("x"), out var xNode) ? (xNode as YamlScalarNode)?.Value : null;
            IReadOnlyList<string>? y = props.Children.TryGetValue(new YamlScalarNode("y"), out var yNode)
                ? yNode switch
                {
                    YamlScalarNode { Value: { } one } => [one],
                    YamlSequenceNode many => [.. many.OfType<YamlScalarNode>().Select(s => s.Value!).Where(v => v is not null)],
                    _ => throw Invalid(yNode, "'y' is a field name or a list of field names"),
                }
                : null;
            return (file, x, y);
        }
        throw Invalid(item, "a plots entry is a file path, or 'path: {x: field, y: [fields]}'");
    }

    private static ReproException Invalid(YamlNode node, string message) =>
        new(new Diagnostic(new SourceLocation(PipelineFileName, (int)node.Start.Line, (int)node.Start.Column), message));
}
