using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Core.Steps;
using Repro.Training.Checkpoints;
using Repro.Training.Data;
using Repro.Training.Models;
using Repro.Training.Optimizers;
using Repro.Training.Reporting;
using Repro.Training.Schedulers;
using Repro.Training.Training;
using TorchSharp;

namespace Repro.Training.Steps;

/// <summary>
/// <c>uses: train</c>: trains a model on a prepared dataset (DESIGN.md §7). Writes the model to <c>outs[0]</c>
/// (<see cref="ModelFile"/> format), the final metrics JSON to <c>metrics[0]</c>, the per-epoch history CSV to
/// <c>plots[0]</c> when declared, and <c>last.ckpt</c>/<c>best.pt</c> under <c>&lt;run&gt;/checkpoints/&lt;stage&gt;/</c>.
/// </summary>
/// <remarks>
/// Final metrics (contract): <c>train_loss</c>, <c>val_loss</c>, <c>val_acc</c> (classification) or <c>val_mse</c>,
/// <c>val_mae</c> (regression), <c>train_acc</c>, <c>epochs_run</c>, <c>best_epoch</c>, <c>parameters</c>, taken at
/// the epoch whose weights the model file holds; plus <c>hparams</c>, every resolved argument (defaults included), and
/// <c>determinism</c>. Nothing time-dependent goes in, so two runs on CPU write identical metrics and model bytes.
/// With <c>resume: auto</c> (the default) an interrupted run of the same configuration, found under the sibling run
/// folders, is continued from its <c>last.ckpt</c>; the result is bit-identical to an uninterrupted run.
/// </remarks>
public sealed class TrainStep(TextWriter? log = null) : BuiltinStep<TrainStepArguments>
{
    private readonly TextWriter log = log ?? Console.Error;

    public override string Name => "train";

    public override string ImplementationVersion => $"2;{TorchRuntime.ImplementationTag}";

    protected override TrainStepArguments ReadArguments(StepArguments with) => TrainStepArguments.Read(with);

    protected override Task RunAsync(
        StepRequest request,
        TrainStepArguments arguments,
        StepArguments with,
        CancellationToken cancellationToken
    )
    {
        switch (arguments)
        {
            case LanguageModelArguments languageModel:
                LanguageModelTrainStep.Run(request, languageModel, with, log, cancellationToken);
                break;
            case DcganArguments gan:
                DcganTrainStep.Run(request, gan, with, log, cancellationToken);
                break;
            default:
                Train(request, (TrainArguments)arguments, with, cancellationToken);
                break;
        }
        return Task.CompletedTask;
    }

    private void Train(StepRequest request, TrainArguments arguments, StepArguments with, CancellationToken cancellationToken)
    {
        RejectText(request, arguments.Data);
        var modelPath =
            request.Outs.Count >= 1
                ? Path.GetFullPath(request.Outs[0], request.ProjectDirPath)
                : throw new ReproException(
                    new Diagnostic(
                        with.LocationOf(),
                        $"stage '{request.Stage}': train writes a model: declare its path as the first entry of outs"
                    )
                );
        var dataDirPath = Path.GetFullPath(arguments.Data, request.ProjectDirPath);
        var info = PreparedDataset.ReadInfo(dataDirPath);
        var spec = arguments.CompleteModel(info, with);

        var settings = TorchSetup.Apply(arguments.Device ?? request.Device, request.Threads, request.Seed);
        if (arguments.Amp && settings.Device.type == DeviceType.CUDA)
        {
            throw new ReproException(
                new Diagnostic(
                    with.LocationOf("amp"),
                    "mixed precision is not available: TorchSharp 0.107 has no autocast",
                    "remove amp: true; training runs in float32"
                )
            );
        }
        if (arguments.Amp)
            log.WriteLine($"{request.Stage}: amp: true ignored on CPU (mixed precision is for CUDA only); training in float32");

        using var dataset = PreparedDataset.Load(dataDirPath, settings.Device, ["train", "val"]);
        using var model = ModelFactory.Create(spec);
        model.to(settings.Device);
        using var optimizer = OptimizerFactory.Create(arguments.Optimizer, model.parameters());
        var batches = Trainer.BatchesPerEpoch(dataset.Train.Count, arguments.Trainer.BatchSize);
        var scheduler = SchedulerFactory.Create(arguments.Scheduler, arguments.Optimizer.Lr!.Value, arguments.Trainer.Epochs, batches);
        var hparams = Hyperparameters.From(with, Hyperparameters.Optimizer("optimizer", arguments.Optimizer));
        var configurationHash = ConfigurationHash(request, hparams, info, settings);
        var checkpointDirPath = Path.Combine(request.RunDirPath, "checkpoints", request.Stage);
        var options = arguments.Trainer with
        {
            Seed = request.Seed,
            CheckpointDirPath = checkpointDirPath,
            ConfigurationHash = configurationHash,
            ResumeFromPath = FindResume(arguments.Resume, request, configurationHash, arguments.Trainer.Epochs),
        };
        log.WriteLine(
            $"{request.Stage}: {spec.Type} with {model.ParameterCount:N0} parameters; {dataset.Train.Count} train, "
                + $"{dataset.Val?.Count ?? 0} val samples; {arguments.Optimizer.Type} lr {arguments.Optimizer.Lr}, {arguments.Scheduler.Type} schedule"
        );
        if (options.ResumeFromPath is { } resume)
            log.WriteLine($"{request.Stage}: resuming from {resume}");

        // oneDNN's convolutions are about twice as fast as libtorch's own here, and wrong for some layer shapes: use them only
        // where they agree with libtorch's own kernels on this model.
        var firstBatch = dataset.Train.Take(arguments.Trainer.BatchSize);
        var oneDnn = OneDnnCheck.Apply(model, firstBatch.X, firstBatch.Lengths);
        log.WriteLine($"{request.Stage}: oneDNN {oneDnn.Description}");

        var classification = spec.Task == "classification";
        using var observer = new TrainStepObserver(request, log, classification, TimeProvider.System);
        var trainer = new Trainer(model, optimizer, scheduler, options);
        TrainingResult result;
        try
        {
            result = trainer.Fit(dataset.Train, dataset.Val, observer, cancellationToken);
        }
        finally
        {
            // Whatever runs next in this process (a library user's code, the next test) starts from the safe kernels again.
            OneDnn.TryDisable();
        }

        ModelFile.Save(model, modelPath);
        if (request.Metrics.Count > 0)
            WriteMetrics(
                Path.GetFullPath(request.Metrics[0], request.ProjectDirPath),
                result,
                model.ParameterCount,
                hparams,
                settings,
                info,
                oneDnn
            );
        if (request.Plots.Count > 0)
            HistoryCsv.Write(Path.GetFullPath(request.Plots[0], request.ProjectDirPath), result.History, classification);
        observer.Finished(result, hparams);
        log.WriteLine(
            $"{request.Stage}: {result.StopReason} after {result.EpochsRun} epochs; model holds epoch {result.BestEpoch}"
                + (result.Best.ValAcc is { } acc ? $", val_acc {acc:F4}" : "")
                + (result.Best.ValLoss is { } loss ? $", val_loss {loss:F4}" : "")
        );
    }

    // Without this check a classifier would fail later on a missing train_x.pt, which says nothing about the real mistake.
    private static void RejectText(StepRequest request, string data)
    {
        var dirPath = StepPaths.Resolve(request, data);
        if (
            !File.Exists(Path.Combine(dirPath, PreparedDataset.InfoFileName))
            || PreparedDataset.ReadInfo(dirPath).Kind != DatasetKinds.Text
        )
            return;
        throw new ReproException(
            $"stage '{request.Stage}': '{data}' is text (from data/text), which only model type transformer_lm trains on",
            "set model.type to transformer_lm"
        );
    }

    private static string ConfigurationHash(StepRequest request, JsonObject hparams, DatasetInfo info, TorchSettings settings)
    {
        var text = string.Join(
            '\n',
            hparams.ToJsonString(),
            JsonSerializer.Serialize(info, DatasetInfo.JsonOptions),
            request.Seed.ToString(CultureInfo.InvariantCulture),
            settings.Device.type.ToString(),
            settings.Threads.ToString(CultureInfo.InvariantCulture),
            TorchRuntime.TorchSharpVersion
        );
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The checkpoint to continue from: an explicit path, or with <c>auto</c> the most advanced unfinished match.</summary>
    private static string? FindResume(string resume, StepRequest request, string configurationHash, int epochs)
    {
        if (resume == "never")
            return null;
        if (resume != "auto")
        {
            var path = Path.GetFullPath(resume, request.ProjectDirPath);
            return Directory.Exists(path) ? Path.Combine(path, TrainingCheckpoint.LastFileName) : path;
        }
        var runsDirPath = Path.GetDirectoryName(Path.GetFullPath(request.RunDirPath));
        if (runsDirPath is null || !Directory.Exists(runsDirPath))
            return null;
        return Directory
            .EnumerateDirectories(runsDirPath)
            .Select(run => Path.Combine(run, "checkpoints", request.Stage, TrainingCheckpoint.LastFileName))
            .Where(File.Exists)
            .Select(path => (Path: path, Peek: TrainingCheckpoint.Peek(path)))
            .Where(c => c.Peek is { } p && p.ConfigurationHash == configurationHash && p.EpochsDone < epochs)
            .OrderByDescending(c => c.Peek!.Value.EpochsDone)
            .ThenBy(c => c.Path, StringComparer.Ordinal)
            .Select(c => c.Path)
            .FirstOrDefault();
    }

    private static void WriteMetrics(
        string path,
        TrainingResult result,
        long parameterCount,
        JsonObject hparams,
        TorchSettings settings,
        DatasetInfo info,
        OneDnnDecision oneDnn
    )
    {
        var best = result.Best;
        var metrics = new JsonObject();
        foreach (var (name, value) in best.Values().Where(v => v.Name != "lr"))
            metrics[name] = value;
        // The dataset's trivial predictors (forecasting), beside the model's scores so one file shows whether it beats them.
        foreach (var (name, value) in info.Baselines)
            metrics[name] = value;
        metrics["epochs_run"] = result.EpochsRun;
        metrics["best_epoch"] = result.BestEpoch;
        metrics["parameters"] = parameterCount;
        metrics["stop_reason"] = result.StopReason;
        metrics["determinism"] = settings.Determinism;
        metrics["onednn"] = oneDnn.Enabled ? "on" : "off";
        metrics["hparams"] = hparams.DeepClone();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, metrics.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
