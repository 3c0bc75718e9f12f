using YamlDotNet.RepresentationModel;

namespace Repro.Tool.Reports;

/// <summary>
/// The search stages of pipeline.yaml (<c>uses: search</c>) with their objective metric and direction, so the report and
/// <c>search show</c> know which studies to read from the store: a study is named after its search stage.
/// </summary>
public static class PipelineSearches
{
    /// <summary>Each search stage, in file order, with <c>with.objective.metric</c> and whether it is maximized.</summary>
    public static IReadOnlyList<(string Stage, string Objective, bool Maximize)> Read(string projectDirPath)
    {
        var result = new List<(string, string, bool)>();
        foreach (var (name, stage) in PipelinePlots.Stages(projectDirPath))
        {
            if (Scalar(stage, "uses") != "search")
                continue;
            var objective =
                stage.Children.TryGetValue(new YamlScalarNode("with"), out var with)
                && with is YamlMappingNode withMap
                && withMap.Children.TryGetValue(new YamlScalarNode("objective"), out var o)
                && o is YamlMappingNode objectiveMap
                    ? objectiveMap
                    : null;
            var metric = objective is null ? null : Scalar(objective, "metric");
            var direction = objective is null ? null : Scalar(objective, "direction");
            result.Add((name, metric ?? "objective", direction is "maximize" or "max"));
        }
        return result;
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;
}
