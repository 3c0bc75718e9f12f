using System.Text.Json.Nodes;

namespace Repro.Core.Pipeline;

/// <summary>One stage of a loaded pipeline, after <c>foreach</c>/<c>matrix</c> expansion and parameter interpolation.</summary>
public sealed record Stage
{
    /// <summary>The stage name; <c>name@item</c> for a stage expanded from <c>foreach</c> or <c>matrix</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Where the stage is defined.</summary>
    public required SourceLocation At { get; init; }

    /// <summary>For <c>run:</c> stages, the command split into arguments (no shell), values interpolated.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>The <c>run:</c> command or <c>with:</c> arguments as written, before interpolation (for explanations).</summary>
    public string? Template { get; init; }

    /// <summary>For <c>uses:</c> stages, the built-in step's name.</summary>
    public string? Uses { get; init; }

    /// <summary>For <c>uses:</c> stages, the step's arguments after interpolation (whole-value <c>${x}</c> keeps its type).</summary>
    public JsonObject With { get; init; } = [];

    /// <summary>Where each <c>with:</c> value was written, by dotted path (<c>with.model.type</c>, <c>with.channels[0]</c>).</summary>
    public IReadOnlyDictionary<string, SourceLocation> WithLocations { get; init; } = new Dictionary<string, SourceLocation>();

    public IReadOnlyList<StagePath> Deps { get; init; } = [];

    public IReadOnlyList<StagePath> Outs { get; init; } = [];

    public IReadOnlyList<MetricsFile> Metrics { get; init; } = [];

    public IReadOnlyList<PlotsFile> Plots { get; init; } = [];

    /// <summary>The parameters the stage reads (named in <c>params:</c> or interpolated), with their values, by name.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Params { get; init; } = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);

    /// <summary>The stage's effective seed: its own <c>seed:</c>, else derived from the pipeline seed and its name.</summary>
    public long Seed { get; init; }

    /// <summary>Where the stage runs: its own <c>executor:</c>, else the pipeline's; null means a local process.</summary>
    public ExecutorSpec? Executor { get; init; }

    /// <summary>Everything the stage writes: outs, metrics files and plots (all cached and restored).</summary>
    public IEnumerable<StagePath> Outputs => Outs.Concat(Metrics.Select(m => m.AsPath())).Concat(Plots.Select(p => p.AsPath()));

    /// <summary>True for a <c>uses: search</c> stage, which the engine runs in-process.</summary>
    public bool IsSearch => Uses == BuiltinNames.Search;
}
