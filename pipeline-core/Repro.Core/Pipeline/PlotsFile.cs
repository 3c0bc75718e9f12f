namespace Repro.Core.Pipeline;

/// <summary>
/// A plots file a stage writes (CSV, TSV or JSON rows), as DVC declares them: a path, or <c>path: {x: field, y: [fields]}</c>
/// naming the field on the x axis and the fields drawn against it. The fields only shape the report, not the fingerprint.
/// </summary>
/// <param name="Path">The file, relative to the project.</param>
/// <param name="At">Where the entry is written.</param>
/// <param name="X">The x field, or null for the report's default (the first column, else the row number).</param>
/// <param name="Y">The y fields, or null for every other numeric field.</param>
public sealed record PlotsFile(string Path, SourceLocation At, string? X = null, IReadOnlyList<string>? Y = null)
{
    public StagePath AsPath() => new(Path, At);
}
