namespace Repro.Core.Lock;

/// <summary>
/// <c>repro.lock</c>: what the last successful full run produced, committed to git so CI can prove it again
/// (<c>repro verify</c>) and reviewers see results change in pull requests. Stages and keys are sorted.
/// </summary>
/// <param name="Seed">The pipeline seed.</param>
/// <param name="Params">Every resolved parameter, flattened to dotted paths.</param>
/// <param name="Stages">Each stage's fingerprint, seed, dep and out hashes, params it reads and metrics.</param>
public sealed record LockFile(
    long? Seed,
    IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode?> Params,
    IReadOnlyList<StageLock> Stages
)
{
    /// <summary>The file name, next to pipeline.yaml (contract: DESIGN.md §4).</summary>
    public const string FileName = "repro.lock";

    /// <summary>The format version written in the file; a newer one is refused rather than misread.</summary>
    public const int SchemaVersion = 1;

    public StageLock? Find(string stage) => Stages.FirstOrDefault(s => s.Name == stage);
}
