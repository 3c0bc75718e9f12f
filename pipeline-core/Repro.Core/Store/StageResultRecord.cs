namespace Repro.Core.Store;

/// <summary>The run cache's entry for a stage fingerprint: what its outs were and what its metrics said.</summary>
/// <param name="Fingerprint">The stage fingerprint (the key).</param>
/// <param name="Stage">The stage's name when it was produced.</param>
/// <param name="Outs">The outs, in the stage's declared order.</param>
/// <param name="MetricsJson">The stage's metrics (the engine's JSON shape).</param>
/// <param name="RunId">The run that executed the stage.</param>
public sealed record StageResultRecord(string Fingerprint, string Stage, IReadOnlyList<StageOut> Outs, string MetricsJson, string RunId);
