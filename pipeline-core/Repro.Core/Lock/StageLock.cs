using System.Text.Json.Nodes;

namespace Repro.Core.Lock;

/// <summary>One stage's entry in repro.lock.</summary>
public sealed record StageLock(
    string Name,
    string Fingerprint,
    long Seed,
    IReadOnlyDictionary<string, JsonNode?> Params,
    IReadOnlyList<LockedPath> Deps,
    IReadOnlyList<LockedPath> Outs,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics
);

/// <summary>A dep or out with its content id; directories also with their file count and size.</summary>
public sealed record LockedPath(string Path, string Hash, bool IsDirectory = false, int? Files = null, long? Bytes = null);
