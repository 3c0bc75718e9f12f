using System.Text.Json.Nodes;
using Repro.Core.Steps;

namespace Repro.Core.Pipeline;

/// <summary>What the loader needs besides the file: overrides and the steps that <c>uses:</c> may name.</summary>
public sealed record PipelineLoadOptions
{
    /// <summary>Parameter overrides applied after the params files, in order (<c>--set</c>, or a search trial's values).</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>> Overrides { get; init; } = [];

    /// <summary>The built-in steps. <c>search</c> is always known. The default knows no step.</summary>
    public StepCatalog Steps { get; init; } = StepCatalog.Empty;

    /// <summary>
    /// Check that every dep exists or is produced by a stage. The default is true; <c>dag</c> and <c>status</c> keep it on too:
    /// a missing dep is a broken pipeline whatever the verb.
    /// </summary>
    public bool CheckDepsExist { get; init; } = true;
}
