using Repro.Core;
using Repro.Core.Steps;
using Repro.Training.Data;
using static TorchSharp.torch;

namespace Repro.Training.Steps;

/// <summary>
/// <c>data/csv</c>: a table with a header row becomes a prepared dataset of float32 feature rows <c>[N, features]</c> and
/// a class index (classification) or a float32 value (regression) per row, with seeded validation and test splits.
/// </summary>
/// <remarks>
/// <c>with:</c> <c>source</c> (CSV file, required), <c>label</c> (target column, required), <c>features</c> (columns, in
/// order; default every other column not in <c>ignore</c>), <c>ignore</c> (columns to leave out; none),
/// <c>task</c> (<c>classification</c> or <c>regression</c>; classification), <c>classes</c> (class names in index
/// order; default: see <see cref="ClassLabels"/>), <c>num_classes</c>, <c>val_fraction</c> (0.2), <c>test_fraction</c>
/// (0), <c>test_source</c> (a second CSV with the same columns used as the test split instead), <c>normalize</c>
/// (per-feature mean and deviation of the training split; true), <c>delimiter</c> (<c>,</c>).
/// The test split is drawn first, then validation from what is left, each with its own seed derived from the stage's.
/// </remarks>
public sealed class CsvStep : BuiltinStep<CsvArguments>
{
    public override string Name => "data/csv";

    public override string ImplementationVersion => "1";

    protected override CsvArguments ReadArguments(StepArguments with) => CsvArguments.Read(with);

    protected override Task RunAsync(StepRequest request, CsvArguments arguments, StepArguments with, CancellationToken cancellationToken)
    {
        var outDirPath = StepPaths.SingleOut(request, "one dataset folder");

        var table = ReadTable(request, with, "source", arguments.Source, arguments.Delimiter);
        var testTable = arguments.TestSource is null
            ? null
            : ReadTable(request, with, "test_source", arguments.TestSource, arguments.Delimiter);
        var problems = new List<Diagnostic>();
        var labelColumn = table.Column(arguments.Label, with.LocationOf("label"), problems);
        var featureNames = arguments.Features ?? [.. table.Header.Where(h => h != arguments.Label && !arguments.Ignore.Contains(h))];
        var featureColumns = featureNames
            .Select((name, i) => table.Column(name, with.LocationOf(arguments.Features is null ? "ignore" : $"features[{i}]"), problems))
            .ToList();
        foreach (var (name, i) in arguments.Ignore.Select((n, i) => (n, i)))
            table.Column(name, with.LocationOf($"ignore[{i}]"), problems);
        if (problems.Count == 0 && featureColumns.Count == 0)
            problems.Add(
                new Diagnostic(
                    with.LocationOf("features"),
                    $"{table.DisplayPath}: no feature columns left besides the label '{arguments.Label}'"
                )
            );
        if (testTable is not null && problems.Count == 0 && !testTable.Header.SequenceEqual(table.Header))
        {
            problems.Add(
                new Diagnostic(
                    with.LocationOf("test_source"),
                    $"{testTable.DisplayPath}: columns ({string.Join(", ", testTable.Header)}) differ from {table.DisplayPath}'s"
                )
            );
        }
        if (problems.Count > 0)
            throw new ReproException(problems);

        var rows = table.Rows.Concat(testTable?.Rows ?? []).ToList();
        var tables = table.Rows.Select(_ => table).Concat(testTable?.Rows.Select(_ => testTable) ?? []).ToList();
        var x = new float[rows.Count * featureColumns.Count];
        for (var r = 0; r < rows.Count; r++)
        for (var f = 0; f < featureColumns.Count; f++)
            x[(r * featureColumns.Count) + f] = (float)tables[r].Number(rows[r], featureColumns[f], problems);
        IReadOnlyList<string> classNames = [];
        Tensor? yTensor = null;
        if (arguments.Task == "classification")
        {
            var labels = rows.Select((row, r) => (row.Fields[labelColumn].Trim(), tables[r].At(row, labelColumn))).ToList();
            (classNames, var indices) = ClassLabels.Resolve(labels, arguments.Classes, arguments.NumClasses, problems);
            if (classNames.Count < 2 && problems.Count == 0)
                problems.Add(
                    new Diagnostic(
                        with.LocationOf("label"),
                        $"{table.DisplayPath}: column '{arguments.Label}' holds a single class",
                        "classification needs at least two"
                    )
                );
            yTensor = tensor(indices);
        }
        else
        {
            var values = rows.Select((row, r) => (float)tables[r].Number(row, labelColumn, problems)).ToArray();
            yTensor = tensor(values);
        }
        if (problems.Count > 0)
        {
            yTensor.Dispose();
            throw new ReproException(problems);
        }
        cancellationToken.ThrowIfCancellationRequested();

        TorchSetup.Apply("cpu", request.Threads, request.Seed);
        using var all = new DatasetSplit(tensor(x, [rows.Count, featureColumns.Count]), yTensor);
        var splits = Split(all, table.Rows.Count, testTable is not null, arguments.TestFraction, arguments.ValFraction, request.Seed);
        try
        {
            if (splits["train"].Count < 2)
                throw new ReproException(
                    DataErrors.TooFewSamples(table.DisplayPath, splits["train"].Count, "training needs at least two rows")
                );
            var info = new DatasetInfo
            {
                Kind = arguments.Task == "classification" ? DatasetKinds.Classification : DatasetKinds.Regression,
                Producer = Name,
                NumClasses = classNames.Count,
                ClassNames = classNames,
                InputShape = [featureColumns.Count],
                FeatureNames = featureNames,
                Normalization = arguments.Normalize ? NormalizationStats.Compute(splits["train"].X, 1, axis: 0) : Normalization.None,
                Splits = new Dictionary<string, long>(),
                Sources = [.. new[] { table, testTable }.OfType<CsvTable>().Select(t => SourceFile.Hash(t.Path, t.DisplayPath))],
                Arguments = new Dictionary<string, object?>(with.Resolved) { ["seed"] = request.Seed },
            };
            PreparedDataset.Save(outDirPath, info, splits);
        }
        finally
        {
            // Views and copies alike: disposing a view frees its handle, not the storage it shares.
            foreach (var split in splits.Values.Where(s => !ReferenceEquals(s, all)))
                split.Dispose();
        }
        return Task.CompletedTask;
    }

    private static CsvTable ReadTable(StepRequest request, StepArguments args, string key, string path, char delimiter)
    {
        var fullPath = StepPaths.Resolve(request, path);
        if (!File.Exists(fullPath))
            throw new ReproException(
                new Diagnostic(args.LocationOf(key), $"CSV file '{path}' not found", "list it in deps, and check the path")
            );
        return CsvTable.Read(fullPath, StepPaths.Display(request, fullPath), delimiter);
    }

    // The rows of a separate test file come after the main file's: they are the test split, the rest is split as usual.
    private static Dictionary<string, DatasetSplit> Split(
        DatasetSplit all,
        long mainRows,
        bool separateTest,
        double testFraction,
        double valFraction,
        long seed
    )
    {
        if (!separateTest)
            return SeededSplit.TrainValTest(all, testFraction, valFraction, seed);
        var main = all.Take(mainRows);
        var splits = SeededSplit.TrainValTest(main, 0, valFraction, seed);
        if (!ReferenceEquals(splits["train"], main))
            main.Dispose();
        splits["test"] = new DatasetSplit(all.X.narrow(0, mainRows, all.Count - mainRows), all.Y.narrow(0, mainRows, all.Count - mainRows));
        return splits;
    }
}
