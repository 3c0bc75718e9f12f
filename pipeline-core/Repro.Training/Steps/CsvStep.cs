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
public sealed class CsvStep : IBuiltinStep
{
    private static readonly string[] Tasks = ["classification", "regression"];

    public string Name => "data/csv";

    public string ImplementationVersion => "1";

    public Task RunAsync(StepRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var args = new StepArguments(request);
        var source = args.GetString("source");
        var label = args.GetString("label");
        var features = args.Has("features") ? args.GetStringList("features", []) : null;
        var ignore = args.GetStringList("ignore", []);
        var task = args.GetEnum("task", Tasks, "classification", "task");
        var classes = args.Has("classes") ? args.GetStringList("classes", []) : null;
        var numClasses = args.GetOptionalInt("num_classes", min: 2);
        var valFraction = args.GetDouble("val_fraction", 0.2, NumberRange.FractionBelowOne);
        var testFraction = args.GetDouble("test_fraction", 0, NumberRange.FractionBelowOne);
        var testSource = args.GetOptionalString("test_source");
        var normalize = args.GetBool("normalize", true);
        var delimiter = args.GetString("delimiter", ",");
        if (delimiter.Length != 1)
            args.Report(new Diagnostic(args.LocationOf("delimiter"), $"delimiter '{delimiter}' must be a single character"));
        if (testSource is not null && testFraction > 0)
            args.Report(new Diagnostic(args.LocationOf("test_fraction"), "set test_fraction or test_source, not both"));
        if (task == "regression" && (classes is not null || numClasses is not null))
            args.Report(
                new Diagnostic(args.LocationOf(classes is not null ? "classes" : "num_classes"), "classes are for task: classification")
            );
        args.ThrowIfInvalid();
        var outDirPath = StepPaths.SingleOut(request, "one dataset folder");

        var table = ReadTable(request, args, "source", source, delimiter[0]);
        var testTable = testSource is null ? null : ReadTable(request, args, "test_source", testSource, delimiter[0]);
        var problems = new List<Diagnostic>();
        var labelColumn = table.Column(label, args.LocationOf("label"), problems);
        var featureNames = features ?? [.. table.Header.Where(h => h != label && !ignore.Contains(h))];
        var featureColumns = featureNames
            .Select((name, i) => table.Column(name, args.LocationOf(features is null ? "ignore" : $"features[{i}]"), problems))
            .ToList();
        foreach (var (name, i) in ignore.Select((n, i) => (n, i)))
            table.Column(name, args.LocationOf($"ignore[{i}]"), problems);
        if (problems.Count == 0 && featureColumns.Count == 0)
            problems.Add(
                new Diagnostic(args.LocationOf("features"), $"{table.DisplayPath}: no feature columns left besides the label '{label}'")
            );
        if (testTable is not null && problems.Count == 0 && !testTable.Header.SequenceEqual(table.Header))
        {
            problems.Add(
                new Diagnostic(
                    args.LocationOf("test_source"),
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
        if (task == "classification")
        {
            var labels = rows.Select((row, r) => (row.Fields[labelColumn].Trim(), tables[r].At(row, labelColumn))).ToList();
            (classNames, var indices) = ClassLabels.Resolve(labels, classes, numClasses, problems);
            if (classNames.Count < 2 && problems.Count == 0)
                problems.Add(
                    new Diagnostic(
                        args.LocationOf("label"),
                        $"{table.DisplayPath}: column '{label}' holds a single class",
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
        var splits = Split(all, table.Rows.Count, testTable is not null, testFraction, valFraction, request.Seed);
        try
        {
            if (splits["train"].Count < 2)
                throw new ReproException(
                    DataErrors.TooFewSamples(table.DisplayPath, splits["train"].Count, "training needs at least two rows")
                );
            var info = new DatasetInfo
            {
                Kind = task == "classification" ? DatasetKinds.Classification : DatasetKinds.Regression,
                Producer = Name,
                NumClasses = classNames.Count,
                ClassNames = classNames,
                InputShape = [featureColumns.Count],
                FeatureNames = featureNames,
                Normalization = normalize ? NormalizationStats.Compute(splits["train"].X, 1, axis: 0) : Normalization.None,
                Splits = new Dictionary<string, long>(),
                Sources = [.. new[] { table, testTable }.OfType<CsvTable>().Select(t => SourceFile.Hash(t.Path, t.DisplayPath))],
                Arguments = new Dictionary<string, object?>(args.Resolved) { ["seed"] = request.Seed },
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
