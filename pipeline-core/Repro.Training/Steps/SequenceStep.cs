using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Core.Steps;
using Repro.Training.Data;
using static TorchSharp.torch;

namespace Repro.Training.Steps;

/// <summary>
/// <c>data/sequence</c>: sequences from a CSV file, for <c>lstm</c>, <c>gru</c> and <c>transformer</c> models.
/// <c>task: forecasting</c> (the default) cuts a time series into windows (<see cref="ForecastWindows"/>);
/// <c>task: classification</c> reads variable-length sequences, one row per step, grouped by an id column.
/// </summary>
/// <remarks>
/// <para>
/// Forecasting <c>with:</c> <c>source</c> (CSV, rows in time order), <c>column</c> (the value to forecast), <c>features</c>
/// (input columns; default just <c>column</c>), <c>window</c> (input steps, required), <c>horizon</c> (steps ahead; 1),
/// <c>stride</c> (1), <c>val_fraction</c> (0.2) and <c>test_fraction</c> (0) as the last parts of the series in time.
/// Targets stay in the series' own units; the scores of the naive forecast (last value) and the training mean on the
/// held-out windows go into <c>dataset.json</c> (<see cref="DatasetInfo.Baselines"/>) and, when declared, <c>metrics[0]</c>.
/// </para>
/// <para>
/// Classification <c>with:</c> <c>source</c>, <c>id</c> (the sequence id column), <c>label</c> (the same in every row of a
/// sequence), <c>features</c> (default every other column not in <c>ignore</c>), <c>ignore</c>, <c>classes</c>,
/// <c>num_classes</c>, <c>max_length</c> (keep the first N steps; none), <c>val_fraction</c> (0.2), <c>test_fraction</c>
/// (0) as seeded random splits of sequences. Sequences are zero-padded to the longest, with their true lengths stored, so
/// recurrent models pack them and padding never reaches the result.
/// </para>
/// Both: <c>normalize</c> (per-feature mean and deviation of the training part; true), <c>delimiter</c> (<c>,</c>).
/// </remarks>
public sealed class SequenceStep : BuiltinStep<SequenceArguments>
{
    public override string Name => "data/sequence";

    public override string ImplementationVersion => "1";

    protected override SequenceArguments ReadArguments(StepArguments with) => SequenceArguments.Read(with);

    protected override Task RunAsync(
        StepRequest request,
        SequenceArguments arguments,
        StepArguments with,
        CancellationToken cancellationToken
    ) =>
        arguments.Forecast is { } forecast
            ? Forecast(request, with, arguments, forecast, cancellationToken)
            : Classify(request, with, arguments, arguments.Classify!, cancellationToken);

    private Task Forecast(
        StepRequest request,
        StepArguments args,
        SequenceArguments common,
        SequenceArguments.Forecasting arguments,
        CancellationToken cancellationToken
    )
    {
        var (column, featureNames, window, horizon, stride) = (
            arguments.Column,
            arguments.Features,
            arguments.Window,
            arguments.Horizon,
            arguments.Stride
        );
        var outDirPath = StepPaths.SingleOut(request, "one dataset folder");
        var table = ReadTable(request, args, common.Source, common.Delimiter);
        var problems = new List<Diagnostic>();
        var targetColumn = table.Column(column, args.LocationOf("column"), problems);
        // Without features the input is the target column itself, checked just above.
        var featureColumns = arguments.HasFeatures
            ? featureNames.Select((n, i) => table.Column(n, args.LocationOf($"features[{i}]"), problems)).ToList()
            : [targetColumn];
        if (problems.Count > 0)
            throw new ReproException(problems);
        var target = table.Rows.Select(r => table.Number(r, targetColumn, problems)).ToArray();
        var features = featureColumns
            .Select(c => c == targetColumn ? target : table.Rows.Select(r => table.Number(r, c, problems)).ToArray())
            .ToList();
        if (problems.Count > 0)
            throw new ReproException(problems);

        var rows = target.Length;
        var valRows = (int)Math.Round(rows * common.ValFraction, MidpointRounding.AwayFromZero);
        var testRows = (int)Math.Round(rows * common.TestFraction, MidpointRounding.AwayFromZero);
        var trainRows = rows - valRows - testRows;
        var parts = new Dictionary<string, ForecastWindows>(StringComparer.Ordinal)
        {
            ["train"] = ForecastWindows.Build(features, target, window, horizon, stride, 0, trainRows),
        };
        if (valRows > 0)
            parts["val"] = ForecastWindows.Build(features, target, window, horizon, stride, trainRows, trainRows + valRows);
        if (testRows > 0)
            parts["test"] = ForecastWindows.Build(features, target, window, horizon, stride, trainRows + valRows, rows);
        var empty = parts.Where(p => p.Value.Count == 0).Select(p => p.Key).ToList();
        if (empty.Count > 0 || parts["train"].Count < 2)
        {
            throw new ReproException(
                new Diagnostic(
                    args.LocationOf("window"),
                    $"{table.DisplayPath}: {rows} rows give too few windows of {window} + {horizon} steps for the {string.Join(" and ", empty.DefaultIfEmpty("train"))} split",
                    "use a longer series, a smaller window, or smaller val_fraction/test_fraction"
                )
            );
        }
        cancellationToken.ThrowIfCancellationRequested();

        var trainMean = target.Take(trainRows).Average();
        var baselines = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, part) in parts.Where(p => p.Key != "train"))
        {
            var (naiveMse, naiveMae) = part.ErrorOf(i => part.LastValues[i]);
            var (meanMse, meanMae) = part.ErrorOf(_ => trainMean);
            baselines[$"naive_{name}_mse"] = Round(naiveMse);
            baselines[$"naive_{name}_mae"] = Round(naiveMae);
            baselines[$"mean_{name}_mse"] = Round(meanMse);
            baselines[$"mean_{name}_mae"] = Round(meanMae);
        }

        TorchSetup.Apply("cpu", request.Threads, request.Seed);
        var splits = parts.ToDictionary(
            p => p.Key,
            p => new DatasetSplit(
                tensor(p.Value.X, [p.Value.Count, window, featureColumns.Count]),
                tensor(p.Value.Y, [p.Value.Count, horizon])
            )
        );
        try
        {
            Normalization normalization = Normalization.None;
            if (common.Normalize)
            {
                var trainRowsOnly = new float[trainRows * features.Count];
                for (var t = 0; t < trainRows; t++)
                for (var c = 0; c < features.Count; c++)
                    trainRowsOnly[(t * features.Count) + c] = (float)features[c][t];
                using var raw = tensor(trainRowsOnly, [trainRows, features.Count]);
                normalization = NormalizationStats.Compute(raw, 1, axis: 0) with { Axis = 1 };
            }
            var info = new DatasetInfo
            {
                Kind = DatasetKinds.Forecasting,
                Producer = Name,
                InputShape = [window, featureColumns.Count],
                TargetShape = [horizon],
                FeatureNames = featureNames,
                Normalization = normalization,
                Splits = new Dictionary<string, long>(),
                Baselines = baselines,
                Sources = [SourceFile.Hash(table.Path, table.DisplayPath)],
                Arguments = new Dictionary<string, object?>(args.Resolved) { ["seed"] = request.Seed },
            };
            PreparedDataset.Save(outDirPath, info, splits);
        }
        finally
        {
            foreach (var split in splits.Values)
                split.Dispose();
        }
        WriteBaselines(request, baselines, parts);
        return Task.CompletedTask;
    }

    private Task Classify(
        StepRequest request,
        StepArguments args,
        SequenceArguments common,
        SequenceArguments.Classification arguments,
        CancellationToken cancellationToken
    )
    {
        var (id, label, features, ignore) = (arguments.Id, arguments.Label, arguments.Features, arguments.Ignore);
        var outDirPath = StepPaths.SingleOut(request, "one dataset folder");
        var table = ReadTable(request, args, common.Source, common.Delimiter);
        var problems = new List<Diagnostic>();
        var idColumn = table.Column(id, args.LocationOf("id"), problems);
        var labelColumn = table.Column(label, args.LocationOf("label"), problems);
        var featureNames = features ?? [.. table.Header.Where(h => h != id && h != label && !ignore.Contains(h))];
        var featureColumns = featureNames
            .Select((n, i) => table.Column(n, args.LocationOf(features is null ? "ignore" : $"features[{i}]"), problems))
            .ToList();
        foreach (var (name, i) in ignore.Select((n, i) => (n, i)))
            table.Column(name, args.LocationOf($"ignore[{i}]"), problems);
        if (problems.Count == 0 && featureColumns.Count == 0)
            problems.Add(
                new Diagnostic(args.LocationOf("features"), $"{table.DisplayPath}: no feature columns left besides '{id}' and '{label}'")
            );
        if (problems.Count > 0)
            throw new ReproException(problems);

        // Sequences in order of first appearance; a sequence's rows keep their file order.
        var groups = table.Rows.GroupBy(r => r.Fields[idColumn].Trim(), StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        foreach (var rows in groups)
        {
            var first = rows[0].Fields[labelColumn].Trim();
            foreach (var row in rows.Where(r => r.Fields[labelColumn].Trim() != first).Take(1))
            {
                problems.Add(
                    new Diagnostic(
                        table.At(row, labelColumn),
                        $"sequence '{row.Fields[idColumn].Trim()}' changes label from '{first}' (line {rows[0].Line}) to '{row.Fields[labelColumn].Trim()}'",
                        "every row of a sequence carries the sequence's label"
                    )
                );
            }
        }
        var labels = groups.Select(g => (g[0].Fields[labelColumn].Trim(), table.At(g[0], labelColumn))).ToList();
        var (classNames, indices) = ClassLabels.Resolve(labels, arguments.Classes, arguments.NumClasses, problems);
        var lengths = groups.Select(g => (long)Math.Min(g.Count, arguments.MaxLength ?? int.MaxValue)).ToArray();
        var longest = (int)lengths.DefaultIfEmpty(0).Max();
        var f = featureColumns.Count;
        var x = new float[groups.Count * longest * f];
        for (var s = 0; s < groups.Count; s++)
        for (var t = 0; t < lengths[s]; t++)
        for (var c = 0; c < f; c++)
            x[(((s * longest) + t) * f) + c] = (float)table.Number(groups[s][t], featureColumns[c], problems);
        if (problems.Count == 0 && classNames.Count < 2)
            problems.Add(
                new Diagnostic(
                    args.LocationOf("label"),
                    $"{table.DisplayPath}: column '{label}' holds a single class",
                    "classification needs at least two"
                )
            );
        if (problems.Count == 0 && groups.Count < 2)
            problems.Add(DataErrors.TooFewSamples(table.DisplayPath, groups.Count, "training needs at least two sequences"));
        if (problems.Count > 0)
            throw new ReproException(problems);
        cancellationToken.ThrowIfCancellationRequested();

        TorchSetup.Apply("cpu", request.Threads, request.Seed);
        using var all = new DatasetSplit(tensor(x, [groups.Count, longest, f]), tensor(indices), tensor(lengths));
        var splits = SeededSplit.TrainValTest(all, common.TestFraction, common.ValFraction, request.Seed);
        try
        {
            var train = splits["train"];
            var info = new DatasetInfo
            {
                Kind = DatasetKinds.SequenceClassification,
                Producer = Name,
                NumClasses = classNames.Count,
                ClassNames = classNames,
                InputShape = [longest, f],
                FeatureNames = featureNames,
                Normalization = common.Normalize ? NormalizationStats.ComputeValidSteps(train.X, train.Lengths!) : Normalization.None,
                VariableLength = true,
                Splits = new Dictionary<string, long>(),
                Sources = [SourceFile.Hash(table.Path, table.DisplayPath)],
                Arguments = new Dictionary<string, object?>(args.Resolved) { ["seed"] = request.Seed },
            };
            PreparedDataset.Save(outDirPath, info, splits);
        }
        finally
        {
            foreach (var split in splits.Values.Where(s => !ReferenceEquals(s, all)))
                split.Dispose();
        }
        return Task.CompletedTask;
    }

    private static CsvTable ReadTable(StepRequest request, StepArguments args, string path, char delimiter)
    {
        var fullPath = StepPaths.Resolve(request, path);
        if (!File.Exists(fullPath))
            throw new ReproException(
                new Diagnostic(args.LocationOf("source"), $"CSV file '{path}' not found", "list it in deps, and check the path")
            );
        return CsvTable.Read(fullPath, StepPaths.Display(request, fullPath), delimiter);
    }

    // The baselines as a metrics file, so `repro exp show` and `diff` list them beside the model's scores.
    private static void WriteBaselines(
        StepRequest request,
        IReadOnlyDictionary<string, double> baselines,
        Dictionary<string, ForecastWindows> parts
    )
    {
        if (StepPaths.FirstMetrics(request) is not { } path)
            return;
        var metrics = new JsonObject();
        foreach (var (name, value) in baselines)
            metrics[name] = value;
        foreach (var (name, part) in parts)
            metrics[$"{name}_windows"] = part.Count;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, metrics.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    // Fixed digits keep dataset.json identical across runs and readable.
    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 6) : 0;
}
