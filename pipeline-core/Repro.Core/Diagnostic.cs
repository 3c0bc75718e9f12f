namespace Repro.Core;

/// <summary>One problem in the user's input, with where it is and, when we can tell, how to fix it.</summary>
public sealed record Diagnostic(SourceLocation? Location, string Message, string? Hint = null)
{
    public override string ToString() =>
        (Location is { } at ? $"{at}: error: {Message}" : $"error: {Message}")
        + (Hint is null ? "" : $"{Environment.NewLine}  hint: {Hint}");
}
