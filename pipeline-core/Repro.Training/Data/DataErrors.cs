using Repro.Core;

namespace Repro.Training.Data;

/// <summary>Every sentence a user reads about a bad data file, in one place so wording stays consistent.</summary>
public static class DataErrors
{
    public static Diagnostic MissingFile(string path, string? hint = null) => new(null, $"{path}: file not found", hint);

    public static Diagnostic WrongMagic(string path, string expected, uint found) =>
        new(null, $"{path}: wrong magic number 0x{found:x8}; expected {expected}", "is it the right file, and not an HTML error page?");

    public static Diagnostic Truncated(string path, long expectedBytes, long actualBytes) =>
        new(null, $"{path}: truncated: expected {expectedBytes} bytes, found {actualBytes}", "download or copy the file again");

    public static Diagnostic CorruptGzip(string path) =>
        new(null, $"{path}: truncated or corrupt gzip data", "download or copy the file again");

    public static Diagnostic LabelOutOfRange(string path, long index, long label, int numClasses) =>
        new(null, $"{path}: label {label} of sample {index} is out of range; expected 0 to {numClasses - 1}");

    public static Diagnostic CountMismatch(string path, long count, string otherPath, long otherCount) =>
        new(null, $"{path}: holds {count} samples but {otherPath} holds {otherCount}");

    public static Diagnostic BadCsv(string path, int line, int column, string message) =>
        new(new SourceLocation(path, line, column), message);

    public static Diagnostic UnknownColumn(SourceLocation? at, string path, string name, string? closest, IReadOnlyList<string> columns) =>
        new(
            at,
            $"{path} has no column '{name}'",
            closest is not null ? $"did you mean '{closest}'?" : $"its columns are {string.Join(", ", columns)}"
        );

    public static Diagnostic LabelOutOfRange(SourceLocation at, string label, int numClasses) =>
        new(at, $"label {label} is out of range; expected 0 to {numClasses - 1}");

    public static Diagnostic UnknownLabel(SourceLocation at, string label, string? closest, IReadOnlyList<string> classes) =>
        new(
            at,
            $"label '{label}' is not one of the classes",
            closest is not null ? $"did you mean '{closest}'?" : $"classes: {string.Join(", ", classes)}"
        );

    public static Diagnostic TooFewSamples(string path, long count, string why) => new(null, $"{path}: only {count} samples; {why}");
}
