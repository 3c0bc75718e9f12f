namespace Repro.Core.Steps;

/// <summary>
/// The built-in steps a pipeline can name with <c>uses:</c>. The tool fills it (Repro.Core knows no trainer);
/// the loader checks names against it and the fingerprint takes each step's implementation version from it.
/// </summary>
public sealed class StepCatalog
{
    private readonly Dictionary<string, IBuiltinStep> steps;

    public StepCatalog(IEnumerable<IBuiltinStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        this.steps = steps.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>An empty catalogue, for pipelines of <c>run:</c> stages only (and tests).</summary>
    public static StepCatalog Empty { get; } = new([]);

    /// <summary>Every step name, sorted (for "did you mean" hints and help).</summary>
    public IReadOnlyList<string> Names => [.. steps.Keys.Order(StringComparer.Ordinal)];

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IBuiltinStep? step) =>
        steps.TryGetValue(name, out step);
}
