using CnnTrainer;
using Repro.Training;
using Repro.Training.Data;
using Repro.Training.Models;
using Repro.Training.Optimizers;
using Repro.Training.Schedulers;
using Repro.Training.Stages;
using Repro.Training.Training;
using TorchSharp;

// The train_custom stage (pipeline.yaml): trains ResidualCnn on the prepared dataset with the stage's parameters and
// seed, through Repro.Training's Trainer. Each epoch is logged and streamed to Repro (progress, the run record, search
// pruning); a prune or stop request ends training after the epoch. Run it with `dotnet repro run train_custom`.
return StageContext.Run(stage =>
{
    var dataDirPath = args.Length > 0 ? args[0] : "data/prepared";
    var train = stage.Params.Get<TrainParams>("train");
    var channels = stage.Params.Get<int[]>("custom.channels");

    // Device, threads and torch's seed, as the built-in trainer sets them: two runs on CPU give identical models.
    var settings = stage.SetupTorch(train.Device);
    using var data = PreparedDataset.Load(dataDirPath, settings.Device);
    var spec = new ModelSpec
    {
        Type = "residual_cnn",
        InputShape = [.. data.Info.InputShape],
        Outputs = data.Info.NumClasses,
        Channels = channels,
        Dropout = train.Dropout,
    };
    using var model = new ResidualCnn(spec);
    model.to(settings.Device);

    var optimizerSpec = new OptimizerSpec { Type = train.Optimizer, Lr = train.Lr }.Resolve();
    using var optimizer = OptimizerFactory.Create(optimizerSpec, model.parameters());
    var batches = Trainer.BatchesPerEpoch(data.Train.Count, train.BatchSize);
    var scheduler = SchedulerFactory.Create(new SchedulerSpec { Type = train.Scheduler }, train.Lr, train.Epochs, batches);
    stage.Log.WriteLine(
        $"{stage.Stage}: residual CNN with {model.ParameterCount:N0} parameters; {data.Train.Count} train, {data.Val?.Count ?? 0} val samples"
    );

    // oneDNN's convolutions are about twice as fast as libtorch's own on CPU, and wrong for some layer shapes on some CPUs:
    // the check keeps them on only where they agree with libtorch's own kernels on this model and a training batch.
    var firstBatch = data.Train.Take(train.BatchSize);
    stage.Log.WriteLine($"{stage.Stage}: oneDNN {OneDnnCheck.Apply(model, firstBatch.X, firstBatch.Lengths).Description}");

    // Shuffling is seeded from the stage's seed; checkpoints go to the run's folder, as the built-in step's do.
    var trainer = new Trainer(model, optimizer, scheduler, stage.TrainerOptions(train.Epochs, train.BatchSize));
    var result = trainer.Fit(data.Train, data.Val, stage.Reporter);

    ModelFile.Save(model, stage.OutPath(0));
    var metrics = TrainingMetrics.From(result, model.ParameterCount, settings, stage.Params.Section("train"));
    if (data.Test is { } test)
    {
        var evaluation = trainer.Evaluate(test);
        metrics["test_loss"] = evaluation.Loss;
        metrics["test_acc"] = evaluation.Accuracy;
    }
    stage.WriteMetrics(metrics);
    return 0;
});

/// <summary>The <c>train</c> section of params.yaml (snake_case names map to these).</summary>
internal sealed record TrainParams(int Epochs, int BatchSize, double Lr, double Dropout, string Optimizer, string Scheduler, string Device);
