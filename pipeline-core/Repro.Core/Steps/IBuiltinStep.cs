using System.Text.Json.Nodes;

namespace Repro.Core.Steps;

/// <summary>A step a stage can name with <c>uses:</c>. Runs inside the tool's <c>exec-step</c> child process.</summary>
/// <remarks>Derive from <see cref="BuiltinStep{TArguments}"/>, which reads the arguments once for both members.</remarks>
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
    /// Every problem of a stage's <c>with:</c> arguments (after interpolation) that can be seen without running the step:
    /// unknown keys, missing keys, values of the wrong kind or out of range. Reads no file, loads no native library and
    /// has no side effect: the loader calls it for every <c>uses:</c> stage, so a mistake fails the run before any stage
    /// runs. Checks that need files (a dataset's shape, a model file's type) are left to <see cref="RunAsync"/>.
    /// </summary>
    /// <param name="with">The <c>with:</c> arguments.</param>
    /// <param name="locations">Where each key was written, by dotted path (<see cref="StepRequest.Locations"/>).</param>
    IReadOnlyList<Diagnostic> CheckArguments(JsonObject with, IReadOnlyDictionary<string, SourceLocation> locations);

    /// <summary>
    /// Runs the step. Bad arguments or data throw <see cref="ReproException"/> (the stage fails with exit 2 and the
    /// message); success returns normally after every declared out and metrics file has been written.
    /// </summary>
    Task RunAsync(StepRequest request, CancellationToken cancellationToken);
}
