using Repro.Core;
using Repro.Core.Steps;

namespace Repro.Training.Steps;

/// <summary>
/// The <c>with:</c> arguments of <c>data/sequence</c> (<see cref="SequenceStep"/>): the common keys, and those of its task,
/// <see cref="Forecast"/> or <see cref="Classify"/> (exactly one is set).
/// </summary>
public sealed record SequenceArguments
{
    private static readonly string[] Tasks = ["forecasting", "classification"];

    /// <summary>The CSV file, as written.</summary>
    public required string Source { get; init; }

    /// <summary><c>forecasting</c> or <c>classification</c>. <value>The default is forecasting.</value></summary>
    public string Task { get; init; } = "forecasting";

    /// <summary><value>The default is 0.2.</value></summary>
    public double ValFraction { get; init; } = 0.2;

    /// <summary><value>The default is 0.</value></summary>
    public double TestFraction { get; init; }

    /// <summary><value>The default is true.</value></summary>
    public bool Normalize { get; init; } = true;

    /// <summary><value>The default is a comma.</value></summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>The keys of <c>task: forecasting</c>; null for classification.</summary>
    public Forecasting? Forecast { get; init; }

    /// <summary>The keys of <c>task: classification</c>; null for forecasting.</summary>
    public Classification? Classify { get; init; }

    /// <summary>Reads the arguments, recording every problem in <paramref name="with"/>.</summary>
    public static SequenceArguments Read(StepArguments with)
    {
        ArgumentNullException.ThrowIfNull(with);
        var arguments = new SequenceArguments
        {
            Source = with.GetString("source"),
            Task = with.GetEnum("task", Tasks, "forecasting", "task"),
            ValFraction = with.GetDouble("val_fraction", 0.2, NumberRange.FractionBelowOne),
            TestFraction = with.GetDouble("test_fraction", 0, NumberRange.FractionBelowOne),
            Normalize = with.GetBool("normalize", true),
            Delimiter = CsvArguments.ReadDelimiter(with),
        };
        if (arguments.ValFraction + arguments.TestFraction >= 1)
            with.Report(new Diagnostic(with.LocationOf("val_fraction"), "val_fraction and test_fraction leave nothing to train on"));
        return arguments.Task == "forecasting"
            ? arguments with
            {
                Forecast = Forecasting.Read(with),
            }
            : arguments with
            {
                Classify = Classification.Read(with),
            };
    }

    /// <summary>Windows over a time series.</summary>
    public sealed record Forecasting
    {
        /// <summary>The value to forecast.</summary>
        public required string Column { get; init; }

        /// <summary>The input columns; just <see cref="Column"/> unless <see cref="HasFeatures"/>.</summary>
        public required IReadOnlyList<string> Features { get; init; }

        /// <summary>Whether <c>features</c> was written (else the input is the target column itself).</summary>
        public bool HasFeatures { get; init; }

        /// <summary>Input steps per sample.</summary>
        public int Window { get; init; }

        /// <summary>Steps ahead predicted. <value>The default is 1.</value></summary>
        public int Horizon { get; init; } = 1;

        /// <summary>Rows between window starts. <value>The default is 1.</value></summary>
        public int Stride { get; init; } = 1;

        internal static Forecasting Read(StepArguments with)
        {
            var column = with.GetString("column");
            return new Forecasting
            {
                Column = column,
                Features = with.GetStringList("features", [column]),
                Window = with.GetInt("window", min: 1),
                Horizon = with.GetInt("horizon", 1, min: 1),
                Stride = with.GetInt("stride", 1, min: 1),
                HasFeatures = with.Has("features"),
            };
        }
    }

    /// <summary>Variable-length sequences, one row per step, grouped by an id column.</summary>
    public sealed record Classification
    {
        /// <summary>The sequence id column.</summary>
        public required string Id { get; init; }

        /// <summary>The class column.</summary>
        public required string Label { get; init; }

        /// <summary>The input columns; null takes every column except the id, the label and <see cref="Ignore"/>.</summary>
        public IReadOnlyList<string>? Features { get; init; }

        /// <summary>Columns to leave out.</summary>
        public IReadOnlyList<string> Ignore { get; init; } = [];

        /// <summary>Class names in index order; null derives them from the labels.</summary>
        public IReadOnlyList<string>? Classes { get; init; }

        /// <summary>Labels are integers 0 to this − 1; null when not given.</summary>
        public int? NumClasses { get; init; }

        /// <summary>Keep the first N steps of each sequence; null keeps them all.</summary>
        public int? MaxLength { get; init; }

        internal static Classification Read(StepArguments with) =>
            new()
            {
                Id = with.GetString("id"),
                Label = with.GetString("label"),
                Features = with.Has("features") ? with.GetStringList("features", []) : null,
                Ignore = with.GetStringList("ignore", []),
                Classes = with.Has("classes") ? with.GetStringList("classes", []) : null,
                NumClasses = with.GetOptionalInt("num_classes", min: 2),
                MaxLength = with.GetOptionalInt("max_length", min: 1),
            };
    }
}
