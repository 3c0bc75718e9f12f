using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Pipeline;

namespace Repro.Tool.Reports;

/// <summary>
/// The confusion matrices that <c>evaluate</c> stages wrote into their metrics files in the workspace. The run store keeps
/// numbers only (the engine's metric flattening drops arrays), so these files are the one place the matrix lives; they
/// belong to the newest run of their stage, and the report attaches them to the last run only.
/// </summary>
public static class WorkspaceConfusionMatrices
{
    /// <summary>Each evaluate stage's matrix, labelled with its <c>per_class</c> names when the file has them.</summary>
    public static IReadOnlyList<ConfusionMatrix> Read(PipelineFile? pipeline, string projectDirPath)
    {
        if (pipeline is null)
            return [];
        return
        [
            .. pipeline
                .Stages.Where(s => s.Uses == "evaluate")
                .SelectMany(s => s.Metrics.Select(m => Matrix(s.Name, Path.Combine(projectDirPath, m.Path))))
                .OfType<ConfusionMatrix>(),
        ];
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
