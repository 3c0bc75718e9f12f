namespace Repro.Core;

/// <summary>A position in a user's file, 1-based, as editors and compilers print it.</summary>
public readonly record struct SourceLocation(string FilePath, int Line, int Column)
{
    public override string ToString() => $"{FilePath}:{Line}:{Column}";
}
