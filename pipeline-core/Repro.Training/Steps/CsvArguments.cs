using Repro.Core;
using Repro.Core.Steps;

namespace Repro.Training.Steps;

/// <summary>The <c>with:</c> arguments of <c>data/csv</c> (<see cref="CsvStep"/>).</summary>
public sealed record CsvArguments
{
    private static readonly string[] Tasks = ["classification", "regression"];

    /// <summary>The CSV file, as written.</summary>
    public required string Source { get; init; }

    /// <summary>The target column.</summary>
    public required string Label { get; init; }

    /// <summary>The input columns in order; null takes every column except the label and <see cref="Ignore"/>.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Columns to leave out.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary><c>classification</c> or <c>regression</c>. <value>The default is classification.</value></summary>
    public string Task { get; init; } = "classification";

    /// <summary>Class names in index order; null derives them from the labels.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Labels are integers 0 to this − 1; null when not given.</summary>
    public int? NumClasses { get; init; }

    /// <summary><value>The default is 0.2.</value></summary>
    public double ValFraction { get; init; } = 0.2;

    /// <summary><value>The default is 0.</value></summary>
    public double TestFraction { get; init; }

    /// <summary>A second CSV whose rows are the test split; null when not given.</summary>
    public string? TestSource { get; init; }

    /// <summary><value>The default is true.</value></summary>
    public bool Normalize { get; init; } = true;

    /// <summary><value>The default is a comma.</value></summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Reads the arguments, recording every problem in <paramref name="with"/>.</summary>
    public static CsvArguments Read(StepArguments with)
    {
        ArgumentNullException.ThrowIfNull(with);
        var arguments = new CsvArguments
        {
            Source = with.GetString("source"),
            Label = with.GetString("label"),
            Features = with.Has("features") ? with.GetStringList("features", []) : null,
            Ignore = with.GetStringList("ignore", []),
            Task = with.GetEnum("task", Tasks, "classification", "task"),
            Classes = with.Has("classes") ? with.GetStringList("classes", []) : null,
            NumClasses = with.GetOptionalInt("num_classes", min: 2),
            ValFraction = with.GetDouble("val_fraction", 0.2, NumberRange.FractionBelowOne),
            TestFraction = with.GetDouble("test_fraction", 0, NumberRange.FractionBelowOne),
            TestSource = with.GetOptionalString("test_source"),
            Normalize = with.GetBool("normalize", true),
            Delimiter = ReadDelimiter(with),
        };
        if (arguments.TestSource is not null && arguments.TestFraction > 0)
            with.Report(new Diagnostic(with.LocationOf("test_fraction"), "set test_fraction or test_source, not both"));
        if (arguments.Task == "regression" && (arguments.Classes is not null || arguments.NumClasses is not null))
            with.Report(
                new Diagnostic(
                    with.LocationOf(arguments.Classes is not null ? "classes" : "num_classes"),
                    "classes are for task: classification"
                )
            );
        return arguments;
    }

    /// <summary><c>delimiter</c>: one character, a comma by default (<c>data/csv</c> and <c>data/sequence</c>).</summary>
    internal static char ReadDelimiter(StepArguments with)
    {
        var delimiter = with.GetString("delimiter", ",");
        if (delimiter.Length == 1)
            return delimiter[0];
        with.Report(new Diagnostic(with.LocationOf("delimiter"), $"delimiter '{delimiter}' must be a single character"));
        return ',';
    }
}
