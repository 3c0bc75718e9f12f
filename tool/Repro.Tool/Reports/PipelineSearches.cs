using Repro.Core.Pipeline;
using Repro.Core.Search.Execution;

namespace Repro.Tool.Reports;

/// <summary>
/// The search stages of a pipeline (<c>uses: search</c>), read by the same code the search executor uses, so the report
/// and <c>search show</c> open each study with its space, objective and direction.
/// </summary>
public static class PipelineSearches
{
    /// <summary>Each search stage's options, in file order.</summary>
    public static IReadOnlyList<SearchStageOptions> Read(PipelineFile? pipeline) =>
        pipeline is null ? [] : [.. pipeline.Stages.Where(s => s.IsSearch).Select(s => SearchStageOptions.Read(pipeline, s, s.Seed))];
}
