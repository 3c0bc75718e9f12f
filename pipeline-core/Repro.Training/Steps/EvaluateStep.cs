using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Core.Steps;
using Repro.Training.Data;
using Repro.Training.Metrics;
using Repro.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Steps;

/// <summary>
/// <c>evaluate</c>: runs a trained model (<see cref="ModelFile"/>) on one split of a prepared dataset and writes its metrics
/// JSON to <c>metrics[0]</c>, and for classification the confusion matrix as CSV to <c>outs[0]</c> when declared.
/// </summary>
/// <remarks>
/// <c>with:</c> <c>data</c> (dataset folder), <c>model</c> (model file), <c>split</c> (test, val or train; default test),
/// <c>batch_size</c> (256). Classification metrics: <c>loss</c> (cross-entropy), <c>accuracy</c>, <c>precision_macro</c>,
/// <c>recall_macro</c>, <c>f1_macro</c>, <c>roc_auc_ovr</c> (macro one-vs-rest), <c>per_class</c> and <c>confusion_matrix</c>;
/// regression and forecasting: <c>loss</c> (MSE), <c>mse</c>, <c>mae</c>, <c>r2</c>.
/// </remarks>
public sealed class EvaluateStep : BuiltinStep<EvaluateArguments>
{
    public override string Name => "evaluate";

    public override string ImplementationVersion => $"2;{TorchRuntime.ImplementationTag}";

    protected override EvaluateArguments ReadArguments(StepArguments with) => EvaluateArguments.Read(with);

    protected override Task RunAsync(
        StepRequest request,
        EvaluateArguments arguments,
        StepArguments with,
        CancellationToken cancellationToken
    )
    {
        var (data, modelPath, split, batchSize) = (arguments.Data, arguments.Model, arguments.Split, arguments.BatchSize);
        var metricsPath =
            StepPaths.FirstMetrics(request)
            ?? throw new ReproException(
                new Diagnostic(
                    with.LocationOf(),
                    $"stage '{request.Stage}': evaluate writes metrics: declare a metrics file (metrics: [eval.json])"
                )
            );
        var fullModelPath = StepPaths.Resolve(request, modelPath);
        if (!File.Exists(fullModelPath))
            throw new ReproException(
                new Diagnostic(with.LocationOf("model"), $"model file '{modelPath}' not found", "train it first, and list it in deps")
            );

        var settings = TorchSetup.Apply(request.Device, request.Threads, request.Seed);
        using var dataset = PreparedDataset.Load(StepPaths.Resolve(request, data), settings.Device, [split]);
        var samples = dataset.Split(split);
        using var model = ModelFile.Load(fullModelPath);
        model.to(settings.Device);
        model.eval();
        var classification = DatasetKinds.IsClassification(dataset.Info.Kind);
        if (classification != (model.Spec.Task == "classification"))
        {
            throw new ReproException(
                new Diagnostic(
                    with.LocationOf("model"),
                    $"model '{modelPath}' does {model.Spec.Task}, but dataset '{data}' is {dataset.Info.Kind}"
                )
            );
        }

        var metrics = classification
            ? Classify(model, samples, dataset.Info, batchSize, request, cancellationToken)
            : Regress(model, samples, batchSize, cancellationToken);
        metrics.Insert(0, "split", split);
        metrics.Insert(1, "samples", samples.Count);
        Directory.CreateDirectory(Path.GetDirectoryName(metricsPath)!);
        File.WriteAllText(metricsPath, metrics.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return Task.CompletedTask;
    }

    private static JsonObject Classify(
        ReproModel model,
        DatasetSplit samples,
        DatasetInfo info,
        int batchSize,
        StepRequest request,
        CancellationToken cancellationToken
    )
    {
        var actual = samples.Y.cpu().data<long>().Select(v => (int)v).ToArray();
        var predicted = new int[actual.Length];
        var probabilities = new double[actual.Length][];
        double lossSum = 0;
        using (no_grad())
        {
            for (long start = 0; start < samples.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var count = Math.Min(batchSize, samples.Count - start);
                var output = model.Forward(samples.X.narrow(0, start, count), samples.Lengths?.narrow(0, start, count));
                lossSum += nn
                    .functional.cross_entropy(output, samples.Y.narrow(0, start, count), reduction: nn.Reduction.Sum)
                    .item<float>();
                var p = nn.functional.softmax(output, 1).to_type(ScalarType.Float64).cpu();
                var classes = (int)p.shape[1];
                var flat = p.data<double>().ToArray();
                for (var i = 0; i < count; i++)
                {
                    var row = flat.AsSpan(i * classes, classes).ToArray();
                    probabilities[start + i] = row;
                    // The first of equal maxima, as torch.argmax does.
                    predicted[start + i] = Array.IndexOf(row, row.Max());
                }
            }
        }
        var numClasses = Math.Max(info.NumClasses, probabilities.FirstOrDefault()?.Length ?? 0);
        var matrix = ConfusionMatrix.From(actual, predicted, numClasses);
        var perClass = new JsonObject();
        for (var c = 0; c < numClasses; c++)
        {
            perClass[c < info.ClassNames.Count ? info.ClassNames[c] : c.ToString(System.Globalization.CultureInfo.InvariantCulture)] =
                new JsonObject
                {
                    ["precision"] = matrix.Precision(c),
                    ["recall"] = matrix.Recall(c),
                    ["f1"] = matrix.F1(c),
                    ["support"] = matrix.Support(c),
                };
        }
        if (request.Outs.Count > 0)
        {
            var csvPath = StepPaths.Resolve(request, request.Outs[0]);
            Directory.CreateDirectory(Path.GetDirectoryName(csvPath)!);
            File.WriteAllText(csvPath, matrix.ToCsv(info.ClassNames));
        }
        return new JsonObject
        {
            ["loss"] = samples.Count == 0 ? 0 : lossSum / samples.Count,
            ["accuracy"] = matrix.Accuracy,
            ["precision_macro"] = matrix.PrecisionMacro,
            ["recall_macro"] = matrix.RecallMacro,
            ["f1_macro"] = matrix.F1Macro,
            ["roc_auc_ovr"] = RocAuc.OneVsRest(probabilities, actual, numClasses),
            ["per_class"] = perClass,
            ["confusion_matrix"] = JsonSerializer.SerializeToNode(matrix.ToRows()),
        };
    }

    private static JsonObject Regress(ReproModel model, DatasetSplit samples, int batchSize, CancellationToken cancellationToken)
    {
        var actual = new List<double>();
        var predicted = new List<double>();
        using (no_grad())
        {
            for (long start = 0; start < samples.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var count = Math.Min(batchSize, samples.Count - start);
                var y = samples.Y.narrow(0, start, count);
                var output = model.Forward(samples.X.narrow(0, start, count), samples.Lengths?.narrow(0, start, count)).reshape(y.shape);
                actual.AddRange(y.to_type(ScalarType.Float64).cpu().data<double>().ToArray());
                predicted.AddRange(output.to_type(ScalarType.Float64).cpu().data<double>().ToArray());
            }
        }
        var metrics = RegressionMetrics.From(actual, predicted);
        return new JsonObject
        {
            ["loss"] = metrics.Mse,
            ["mse"] = metrics.Mse,
            ["mae"] = metrics.Mae,
            ["r2"] = metrics.R2,
        };
    }
}
