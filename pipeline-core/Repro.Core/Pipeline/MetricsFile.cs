namespace Repro.Core.Pipeline;

/// <summary>
/// A metrics file a stage writes (JSON or YAML; nested keys are flattened to <c>a.b</c>), with the tolerances
/// <c>verify</c> allows per metric key when a re-run does not reproduce it bit for bit.
/// </summary>
public sealed record MetricsFile(string Path, SourceLocation At, IReadOnlyDictionary<string, double> Tolerances)
{
    public StagePath AsPath() => new(Path, At);
}
