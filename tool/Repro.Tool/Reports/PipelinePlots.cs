using Repro.Core.Pipeline;

namespace Repro.Tool.Reports;

/// <summary>The <c>plots:</c> files of a pipeline's stages (DVC's form: a path, or <c>path: {x: field, y: [fields]}</c>).</summary>
public static class PipelinePlots
{
    /// <summary>Each plots entry of every stage, in file order.</summary>
    public static IReadOnlyList<PlotsFile> Read(PipelineFile? pipeline) =>
        pipeline is null ? [] : [.. pipeline.Stages.SelectMany(s => s.Plots)];

    /// <summary>
    /// The project's pipeline for a report, or null with a note when pipeline.yaml is missing or does not load: a report of
    /// past runs still opens while the pipeline is being edited, without its plots files and studies.
    /// </summary>
    public static PipelineFile? TryLoad(string projectDirPath, ICollection<string> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        if (!File.Exists(Path.Combine(projectDirPath, BuiltinNames.PipelineFileName)))
            return null;
        try
        {
            return PipelineLoader.Load(projectDirPath, new PipelineLoadOptions { Steps = Steps.BuiltinSteps.Create() });
        }
        catch (Repro.Core.ReproException ex)
        {
            notes.Add($"pipeline.yaml does not load, so its plots files and searches are left out: {ex.Message}");
            return null;
        }
    }
}
