namespace Repro.Core.Steps;

/// <summary>A step a stage can name with <c>uses:</c>. Runs inside the tool's <c>exec-step</c> child process.</summary>
public interface IBuiltinStep
{
    /// <summary>The name after <c>uses:</c>, for example <c>train</c> or <c>data/fashion-mnist</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Goes into the stage fingerprint: change it whenever the same inputs would now give other outputs
    /// (a new algorithm, another library version, another device kind).
    /// </summary>
    string ImplementationVersion { get; }

    /// <summary>
    /// Runs the step. Bad arguments or data throw <see cref="ReproException"/> (the stage fails with exit 2 and the
    /// message); success returns normally after every declared out and metrics file has been written.
    /// </summary>
    Task RunAsync(StepRequest request, CancellationToken cancellationToken);
}
