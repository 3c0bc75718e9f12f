using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Repro.Tool.Reports;

/// <summary>
/// The confusion matrices that <c>evaluate</c> stages wrote into their metrics files in the workspace. The run store keeps
/// numbers only (the engine's metric flattening drops arrays), so these files are the one place the matrix lives; they
/// belong to the newest run of their stage, and the report attaches them to the last run only.
/// </summary>
public static class WorkspaceConfusionMatrices
{
    /// <summary>Each evaluate stage's matrix, labelled with its <c>per_class</c> names when the file has them.</summary>
    public static IReadOnlyList<ConfusionMatrix> Read(string projectDirPath)
    {
        var matrices = new List<ConfusionMatrix>();
        foreach (var (name, stage) in PipelinePlots.Stages(projectDirPath))
        {
            if (!stage.Children.TryGetValue(new YamlScalarNode("uses"), out var uses) || uses is not YamlScalarNode { Value: "evaluate" })
                continue;
            if (!stage.Children.TryGetValue(new YamlScalarNode("metrics"), out var metrics) || metrics is not YamlSequenceNode files)
                continue;
            foreach (var entry in files)
            {
                var path = entry switch
                {
                    YamlScalarNode { Value: { } p } => p,
                    YamlMappingNode map when map.Children.TryGetValue(new YamlScalarNode("path"), out var p) => (
                        p as YamlScalarNode
                    )?.Value,
                    _ => null,
                };
                if (path is not null && Matrix(name, Path.Combine(projectDirPath, path)) is { } matrix)
                    matrices.Add(matrix);
            }
        }
        return matrices;
    }

    private static ConfusionMatrix? Matrix(string stage, string filePath)
    {
        if (!File.Exists(filePath) || !filePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return null;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(filePath));
        }
        catch (JsonException)
        {
            // A broken metrics file is reported by the run that wrote it; the report just has no matrix for it.
            return null;
        }
        if (root?["confusion_matrix"] is not JsonArray rows || rows.Count == 0)
            return null;
        var counts = rows.Select(r => (IReadOnlyList<double>)[.. (r as JsonArray ?? []).Select(c => c?.GetValue<double>() ?? 0)]).ToList();
        var names = root["per_class"] is JsonObject perClass ? perClass.Select(p => p.Key).ToList() : [];
        var labels =
            names.Count == counts.Count
                ? names
                : [.. Enumerable.Range(0, counts.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        return new ConfusionMatrix(stage, labels, counts);
    }
}
