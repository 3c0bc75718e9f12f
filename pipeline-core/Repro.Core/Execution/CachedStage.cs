using Repro.Core.Fingerprint;

namespace Repro.Core.Execution;

/// <summary>A stage result the run cache holds for a fingerprint: what the outputs were, and the metrics they gave.</summary>
public sealed record CachedStage(
    string RunId,
    string RunName,
    IReadOnlyDictionary<string, PathHash> Outs,
    IReadOnlyDictionary<string, double> Metrics
);
