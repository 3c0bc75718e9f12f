using System.Text.Json.Nodes;

namespace Repro.Core.Experiments;

/// <summary>
/// What two experiments are compared on: a run from the store, or the committed <c>repro.lock</c>, both seen the same way.
/// Params and metrics are flattened to dotted paths (<c>train.lr</c>, <c>val_acc</c>).
/// </summary>
public sealed record ExperimentSnapshot
{
    /// <summary>The run id, or <c>lock</c> for repro.lock.</summary>
    public required string Id { get; init; }

    /// <summary>The experiment's readable name.</summary>
    public required string Name { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public string? GitCommit { get; init; }

    public bool? GitDirty { get; init; }

    public long? PipelineSeed { get; init; }

    /// <summary>Resolved parameter values by dotted path.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Params { get; init; } = new Dictionary<string, JsonNode?>();

    /// <summary>Final metric values by path (see <see cref="MetricPaths"/>).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Effective seed of each stage.</summary>
    public IReadOnlyDictionary<string, long> StageSeeds { get; init; } = new Dictionary<string, long>();

    /// <summary>Fingerprint of each stage.</summary>
    public IReadOnlyDictionary<string, string> StageFingerprints { get; init; } = new Dictionary<string, string>();

    /// <summary>Environment facts (os, cpu, dotnet, torchsharp, libtorch, threads, determinism, ...).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
