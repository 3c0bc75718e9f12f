namespace Repro.Training.Data;

/// <summary>One data row of a <see cref="CsvTable"/>: its 1-based line, its fields, and the 1-based column each field starts at.</summary>
public sealed record CsvRow(int Line, IReadOnlyList<string> Fields, IReadOnlyList<int> Columns);
