using Repro.Training.Checkpoints;
using Repro.Training.Data;
using Repro.Training.Models;
using Repro.Training.Schedulers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Repro.Training.Training;

/// <summary>
/// The training loop behind the <c>train</c> step, usable by custom trainers: seeded shuffling of preloaded tensors
/// (<c>randperm</c> + <c>index_select</c>), every batch in its own dispose scope, per-batch or per-epoch learning
/// rates, gradient clipping, label smoothing, augmentation, batched evaluation, early stopping that keeps the best
/// weights, and a resumable <c>last.ckpt</c> after every epoch. Call <c>torch.manual_seed</c> (for example through
/// <c>TorchSetup.Apply</c>) before building the model; the trainer seeds its own generator from <see cref="TrainerOptions.Seed"/>.
/// </summary>
public sealed class Trainer
{
    private readonly ReproModel model;
    private readonly OptimizerHelper optimizer;
    private readonly LearningRateScheduler scheduler;
    private readonly TrainerOptions options;
    private readonly TimeProvider time;
    private readonly bool classification;
    private readonly Parameter[] parameters;

    public Trainer(
        ReproModel model,
        OptimizerHelper optimizer,
        LearningRateScheduler scheduler,
        TrainerOptions options,
        TimeProvider? time = null
    )
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        this.scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.time = time ?? TimeProvider.System;
        classification = model.Spec.Task == "classification";
        parameters = [.. model.parameters().Where(p => p.requires_grad)];
    }

    /// <summary>Batches per epoch for <paramref name="samples"/> training samples (what a scheduler needs up front).</summary>
    public static int BatchesPerEpoch(long samples, int batchSize) => (int)Math.Max(1, SampleBatches(samples, batchSize).Count);

    /// <summary>
    /// Trains on <paramref name="train"/>, validating on <paramref name="val"/> when given, and leaves the model holding the
    /// best epoch's weights (with early stopping) or the last epoch's. Cancellation between batches throws
    /// <see cref="OperationCanceledException"/>; the last finished epoch's checkpoint stays on disk for a resume.
    /// </summary>
    public TrainingResult Fit(
        DatasetSplit train,
        DatasetSplit? val,
        ITrainingObserver? observer = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(train);
        using var generator = new Generator((ulong)options.Seed);
        var augmenter = options.Augmentation.Any ? new Augmenter(options.Augmentation, generator) : null;
        var stopping = options.EarlyStopping;
        var monitor = stopping?.Metric ?? (val is null ? "train_loss" : "val_loss");
        var maximize = stopping?.Maximize ?? false;
        var history = new List<EpochMetrics>();
        var bestEpoch = 0;
        var bestValue = maximize ? double.NegativeInfinity : double.PositiveInfinity;
        var badEpochs = 0;
        Dictionary<string, Tensor>? bestWeights = null;
        var lastPath = options.CheckpointDirPath is null ? null : Path.Combine(options.CheckpointDirPath, TrainingCheckpoint.LastFileName);

        if (options.ResumeFromPath is { } resumePath)
        {
            var restored = TrainingCheckpoint.Load(resumePath, options.ConfigurationHash, model, optimizer, scheduler, generator);
            history.AddRange(restored.History);
            (bestEpoch, bestValue, badEpochs) = (restored.BestEpoch, restored.BestValue, restored.BadEpochs);
            var bestPath = Path.Combine(Path.GetDirectoryName(resumePath)!, TrainingCheckpoint.BestFileName);
            if (bestEpoch > 0 && File.Exists(bestPath))
            {
                using var best = ModelFile.Load(bestPath);
                bestWeights = Snapshot(best);
            }
        }

        var stopReason = "completed";
        try
        {
            for (var epoch = history.Count; epoch < options.Epochs; epoch++)
            {
                var started = time.GetTimestamp();
                var (trainLoss, trainAcc, lr, seen) = TrainEpoch(train, epoch, generator, augmenter, cancellationToken);
                var trainSeconds = time.GetElapsedTime(started).TotalSeconds;
                var evaluation = val is null ? null : Evaluate(val);
                var metrics = new EpochMetrics
                {
                    Epoch = epoch + 1,
                    TrainLoss = trainLoss,
                    TrainAcc = trainAcc,
                    ValLoss = evaluation?.Loss,
                    ValAcc = evaluation?.Accuracy,
                    ValMse = evaluation?.Mse,
                    ValMae = evaluation?.Mae,
                    Lr = lr,
                    SamplesPerSecond = seen / Math.Max(trainSeconds, 1e-9),
                    EpochSeconds = time.GetElapsedTime(started).TotalSeconds,
                };
                history.Add(metrics);
                var value = metrics.Get(monitor) ?? double.NaN;
                scheduler.EpochEnded(value);
                var improved = maximize ? value > bestValue + (stopping?.MinDelta ?? 0) : value < bestValue - (stopping?.MinDelta ?? 0);
                if (improved || bestEpoch == 0)
                {
                    (bestEpoch, bestValue, badEpochs) = (epoch + 1, double.IsNaN(value) ? bestValue : value, 0);
                    DisposeAll(bestWeights);
                    bestWeights = Snapshot(model);
                    if (options.CheckpointDirPath is { } dir)
                        ModelFile.Save(model, Path.Combine(dir, TrainingCheckpoint.BestFileName));
                }
                else
                {
                    badEpochs++;
                }
                if (lastPath is not null)
                {
                    new TrainingCheckpoint
                    {
                        ConfigurationHash = options.ConfigurationHash,
                        History = history,
                        BestEpoch = bestEpoch,
                        BestValue = bestValue,
                        BadEpochs = badEpochs,
                    }.Save(lastPath, model, optimizer, scheduler, generator);
                }
                if (observer is not null && !observer.EpochEnded(metrics))
                {
                    stopReason = "stopped";
                    break;
                }
                if (stopping is not null && badEpochs >= stopping.Patience)
                {
                    stopReason = "early_stopped";
                    break;
                }
            }
            // The model keeps the best epoch's weights only when early stopping asked for selection by a metric.
            if (stopping is not null && bestWeights is not null && bestEpoch != history.Count)
                Restore(model, bestWeights);
            else
                bestEpoch = stopping is null ? history.Count : bestEpoch;
        }
        finally
        {
            DisposeAll(bestWeights);
        }
        return new TrainingResult
        {
            History = history,
            BestEpoch = bestEpoch,
            StopReason = stopReason,
        };
    }

    /// <summary>Loss (plain cross-entropy or MSE), accuracy or MSE/MAE of the model on <paramref name="split"/>, in batches.</summary>
    public Evaluation Evaluate(DatasetSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        var wasTraining = model.training;
        model.eval();
        double lossSum = 0,
            errorSum = 0,
            absSum = 0;
        long correct = 0,
            values = 0;
        using (no_grad())
        {
            for (long start = 0; start < split.Count; start += options.EvalBatchSize)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(options.EvalBatchSize, split.Count - start);
                var x = split.X.narrow(0, start, count);
                var y = split.Y.narrow(0, start, count);
                var output = model.Forward(x, split.Lengths?.narrow(0, start, count));
                if (classification)
                {
                    lossSum += nn.functional.cross_entropy(output, y, reduction: nn.Reduction.Sum).item<float>();
                    correct += output.argmax(1).eq(y).sum().item<long>();
                }
                else
                {
                    var difference = output.reshape(y.shape) - y;
                    errorSum += difference.square().sum().item<float>();
                    absSum += difference.abs().sum().item<float>();
                    values += y.numel();
                }
            }
        }
        if (wasTraining)
            model.train();
        return classification
            ? new Evaluation(lossSum / split.Count, (double)correct / split.Count, null, null)
            : new Evaluation(errorSum / values, null, errorSum / values, absSum / values);
    }

    private (double Loss, double? Accuracy, double Lr, long Seen) TrainEpoch(
        DatasetSplit train,
        int epoch,
        Generator generator,
        Augmenter? augmenter,
        CancellationToken cancellationToken
    )
    {
        model.train();
        using var permutation = randperm(train.Count, generator: generator).to(train.X.device);
        var batches = SampleBatches(train.Count, options.BatchSize);
        double lossSum = 0;
        long correct = 0,
            seen = 0;
        var firstLr = scheduler.LearningRate(epoch, 0);
        for (var b = 0; b < batches.Count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var lr = scheduler.LearningRate(epoch, b);
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = lr;
            var (start, count) = batches[b];
            var index = permutation.narrow(0, start, count);
            var x = train.X.index_select(0, index);
            var y = train.Y.index_select(0, index);
            if (augmenter is not null)
                x = augmenter.Apply(x);
            optimizer.zero_grad();
            var output = model.Forward(x, train.Lengths?.index_select(0, index));
            var loss = classification
                ? nn.functional.cross_entropy(output, y, label_smoothing: options.LabelSmoothing)
                : nn.functional.mse_loss(output.reshape(y.shape), y);
            loss.backward();
            if (options.GradClip > 0)
                nn.utils.clip_grad_norm_(parameters, options.GradClip);
            optimizer.step();
            lossSum += loss.item<float>() * count;
            if (classification)
                correct += output.argmax(1).eq(y).sum().item<long>();
            seen += count;
        }
        return (lossSum / seen, classification ? (double)correct / seen : null, firstLr, seen);
    }

    private static List<(long Start, long Count)> SampleBatches(long samples, int batchSize)
    {
        var batches = new List<(long, long)>();
        for (long start = 0; start < samples; start += batchSize)
            batches.Add((start, Math.Min(batchSize, samples - start)));
        // A last batch of one sample breaks batch norm in training mode; its sample is seen in other epochs.
        if (batches.Count > 1 && batches[^1].Item2 == 1)
            batches.RemoveAt(batches.Count - 1);
        return batches;
    }

    private static Dictionary<string, Tensor> Snapshot(nn.Module module)
    {
        using var noGrad = no_grad();
        return module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
    }

    private static void Restore(nn.Module module, Dictionary<string, Tensor> weights)
    {
        using var noGrad = no_grad();
        foreach (var (name, tensor) in module.state_dict())
            tensor.copy_(weights[name]);
    }

    private static void DisposeAll(Dictionary<string, Tensor>? weights)
    {
        if (weights is null)
            return;
        foreach (var tensor in weights.Values)
            tensor.Dispose();
        weights.Clear();
    }
}
