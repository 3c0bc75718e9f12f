namespace Repro.Core.Steps;

/// <summary>Every sentence a user reads about a step's <c>with:</c> arguments, in one place so wording stays consistent.</summary>
public static class StepErrors
{
    public static Diagnostic MissingKey(SourceLocation? at, string path) => new(at, $"missing required key '{path}'");

    public static Diagnostic UnknownKey(SourceLocation? at, string path, string? closest, IReadOnlyList<string> known) =>
        new(
            at,
            $"unknown key '{path}'",
            closest is not null ? $"did you mean '{closest}'?"
                : known.Count > 0 ? $"expected one of {string.Join(", ", known)}"
                : null
        );

    /// <summary>A key the step knows, but not in this case: a text key for an image model.</summary>
    public static Diagnostic KeyNotForThis(SourceLocation? at, string path, string thisCase, string keyIsFor) =>
        new(at, $"unknown key '{path}' for {thisCase}", $"'{path}' is for {keyIsFor}");

    public static Diagnostic WrongValue(SourceLocation? at, string path, string expected, string actual) =>
        new(at, $"'{path}': {expected}, got {actual}");

    public static Diagnostic UnknownChoice(SourceLocation? at, string what, string value, IReadOnlyList<string> allowed, string? closest) =>
        new(
            at,
            $"unknown {what} '{value}'; expected one of {string.Join(", ", allowed)}",
            closest is null ? null : $"did you mean '{closest}'?"
        );

    public static Diagnostic UnknownStep(SourceLocation? at, string name, IReadOnlyList<string> known) =>
        new(
            at,
            $"unknown built-in step '{name}'",
            ClosestName.Find(name, known) is { } closest ? $"did you mean '{closest}'?" : $"built-in steps: {string.Join(", ", known)}"
        );
}
