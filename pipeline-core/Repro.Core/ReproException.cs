namespace Repro.Core;

/// <summary>
/// The input (command line, pipeline file, parameters, data files) is invalid.
/// The CLI prints every diagnostic and exits with 2; no stack trace is shown.
/// </summary>
public sealed class ReproException(IReadOnlyList<Diagnostic> diagnostics) : Exception(string.Join(Environment.NewLine, diagnostics))
{
    public ReproException(Diagnostic diagnostic)
        : this([diagnostic]) { }

    public ReproException(string message, string? hint = null)
        : this([new Diagnostic(null, message, hint)]) { }

    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}
