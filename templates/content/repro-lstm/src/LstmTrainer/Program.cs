using System.Diagnostics;
using LstmTrainer;
using Repro.Training.Data;
using Repro.Training.Models;
using Repro.Training.Optimizers;
using Repro.Training.Schedulers;
using Repro.Training.Stages;
using Repro.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

// Two stages of pipeline.yaml run this program:
//   prepare DIR: generates the sequences (SequenceTask.cs) into the prepared dataset folder DIR, from the stage's seed;
//   train DIR:   trains SequenceClassifier with a training loop written out here, to show each piece of the
//                Repro.Training API a loop of your own needs: seeded torch and shuffling, per-epoch reports to Repro
//                (progress, the run record, search pruning), the engine's stop/prune request, and the output files.
return StageContext.Run(stage =>
{
    var (command, dataDirPath) = args.Length == 2 ? (args[0], args[1]) : ("", "");
    return command switch
    {
        "prepare" => Prepare(stage, dataDirPath),
        "train" => Train(stage, dataDirPath),
        _ => Usage(),
    };
});

static int Usage()
{
    Console.Error.WriteLine("usage: LstmTrainer prepare|train DATA_DIR (run by `dotnet repro run`, see pipeline.yaml)");
    return 2;
}

static int Prepare(StageContext stage, string dataDirPath)
{
    stage.SetupTorch("cpu");
    var info = SequenceTask.Write(
        dataDirPath,
        stage.Params.Get<int>("data.samples"),
        stage.Params.Get<int>("data.min_length"),
        stage.Params.Get<int>("data.max_length"),
        stage.Params.Get<double>("data.noise"),
        stage.Seed
    );
    stage.Log.WriteLine($"{stage.Stage}: {string.Join(", ", info.Splits.Select(s => $"{s.Value} {s.Key}"))} sequences in {dataDirPath}");
    return 0;
}

static int Train(StageContext stage, string dataDirPath)
{
    var p = stage.Params.Get<TrainParams>("train");
    // Device, threads and torch's seed, as the built-in trainer sets them: the initial weights come from the stage's seed.
    var settings = stage.SetupTorch(p.Device);
    using var data = PreparedDataset.Load(dataDirPath, settings.Device);
    var spec = new ModelSpec
    {
        Type = "sequence_classifier",
        InputShape = [.. data.Info.InputShape],
        Outputs = data.Info.NumClasses,
        HiddenSize = p.HiddenSize,
        Layers = p.Layers,
        Bidirectional = p.Bidirectional,
        Dropout = p.Dropout,
    };
    using var model = new SequenceClassifier(spec);
    model.to(settings.Device);
    var optimizerSpec = new OptimizerSpec { Type = p.Optimizer, Lr = p.Lr }.Resolve();
    using var optimizer = OptimizerFactory.Create(optimizerSpec, model.parameters());
    var train = data.Train;
    var batches = Trainer.BatchesPerEpoch(train.Count, p.BatchSize);
    var scheduler = SchedulerFactory.Create(new SchedulerSpec { Type = p.Scheduler }, p.Lr, p.Epochs, batches);
    // Only for its batched evaluation (accuracy and loss on a split); the loop below is ours.
    var evaluator = new Trainer(model, optimizer, scheduler, stage.TrainerOptions(p.Epochs, p.BatchSize));
    stage.Log.WriteLine($"{stage.Stage}: sequence classifier with {model.ParameterCount:N0} parameters; {train.Count} train sequences");

    // Shuffling draws from a generator seeded by the stage's seed: the same order on every run.
    using var generator = stage.CreateGenerator();
    var history = new List<EpochMetrics>();
    var stopReason = "completed";
    for (var epoch = 0; epoch < p.Epochs; epoch++)
    {
        var clock = Stopwatch.StartNew();
        model.train();
        using var order = randperm(train.Count, generator: generator).to(train.X.device);
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        var lr = scheduler.LearningRate(epoch, 0);
        for (var b = 0; b < batches; b++)
        {
            using var scope = NewDisposeScope();
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = scheduler.LearningRate(epoch, b);
            var count = Math.Min(p.BatchSize, train.Count - (long)b * p.BatchSize);
            var index = order.narrow(0, (long)b * p.BatchSize, count);
            var y = train.Y.index_select(0, index);
            optimizer.zero_grad();
            var logits = model.Forward(train.X.index_select(0, index), train.Lengths!.index_select(0, index));
            var loss = nn.functional.cross_entropy(logits, y);
            loss.backward();
            nn.utils.clip_grad_norm_(model.parameters(), 1.0);
            optimizer.step();
            lossSum += loss.item<float>() * count;
            correct += logits.argmax(1).eq(y).sum().item<long>();
            seen += count;
        }
        var trainSeconds = clock.Elapsed.TotalSeconds;
        var val = data.Val is { } split ? evaluator.Evaluate(split) : null;
        var metrics = new EpochMetrics
        {
            Epoch = epoch + 1,
            TrainLoss = lossSum / seen,
            TrainAcc = (double)correct / seen,
            ValLoss = val?.Loss,
            ValAcc = val?.Accuracy,
            Lr = lr,
            SamplesPerSecond = seen / trainSeconds,
            EpochSeconds = clock.Elapsed.TotalSeconds,
        };
        history.Add(metrics);
        scheduler.EpochEnded(metrics.ValLoss ?? metrics.TrainLoss);
        // Logs the epoch, streams it to Repro, updates the history CSV; false when the engine asks to stop (or prunes).
        if (!stage.ReportEpoch(metrics))
        {
            stopReason = "stopped";
            break;
        }
    }

    ModelFile.Save(model, stage.OutPath(0));
    var result = new TrainingResult
    {
        History = history,
        BestEpoch = history.Count,
        StopReason = stopReason,
    };
    var final = TrainingMetrics.From(result, model.ParameterCount, settings, stage.Params.Section("train"));
    if (data.Test is { } test)
    {
        var evaluation = evaluator.Evaluate(test);
        final["test_loss"] = evaluation.Loss;
        final["test_acc"] = evaluation.Accuracy;
    }
    stage.WriteMetrics(final);
    return 0;
}

/// <summary>The <c>train</c> section of params.yaml (snake_case names map to these).</summary>
internal sealed record TrainParams(
    int Epochs,
    int BatchSize,
    double Lr,
    double Dropout,
    string Optimizer,
    string Scheduler,
    string Device,
    int HiddenSize,
    int Layers,
    bool Bidirectional
);
