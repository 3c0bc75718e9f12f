namespace Repro.Core.Pipeline;

/// <summary>A path a stage declares (dep, out, metrics or plot), relative to the project, with forward slashes.</summary>
public sealed record StagePath(string Path, SourceLocation At)
{
    /// <summary>True when <paramref name="other"/> is this path or lies inside it (this path being a folder).</summary>
    public bool Contains(string other) =>
        other.Equals(Path, StringComparison.Ordinal) || other.StartsWith(Path + "/", StringComparison.Ordinal);

    public override string ToString() => Path;
}
