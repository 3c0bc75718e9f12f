using Repro.Training.Data;
using Repro.Training.Models;
using Repro.Training.Optimizers;
using Repro.Training.Schedulers;
using Repro.Training.Training;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Training;

/// <summary>A linearly separable two-class problem and an MLP small enough to train in milliseconds.</summary>
internal sealed class TinyProblem : IDisposable
{
    public TinyProblem(int samples = 256, long seed = 11)
    {
        using var generator = new Generator((ulong)seed);
        var x = randn([samples, 8], generator: generator);
        var y = x[.., 0].add(x[.., 1]).gt(0).to(int64);
        Train = new DatasetSplit(x.narrow(0, 0, samples * 3 / 4), y.narrow(0, 0, samples * 3 / 4));
        Val = new DatasetSplit(x.narrow(0, samples * 3 / 4, samples / 4), y.narrow(0, samples * 3 / 4, samples / 4));
    }

    public DatasetSplit Train { get; }

    public DatasetSplit Val { get; }

    public static ModelSpec Spec =>
        new()
        {
            Type = "mlp",
            InputShape = [8],
            Outputs = 2,
            Hidden = [16],
            Dropout = 0.2,
        };

    /// <summary>Seeds torch, builds model, optimizer, scheduler and trainer as the train step does.</summary>
    public static (ReproModel Model, Trainer Trainer) Build(TrainerOptions options, string optimizer = "adam", string scheduler = "cosine")
    {
        // One thread: tiny tensors gain nothing from more, and CI machines are shared.
        set_num_threads(1);
        manual_seed(7);
        var model = ModelFactory.Create(Spec);
        var optimizerSpec = new OptimizerSpec { Type = optimizer, Lr = 0.01 };
        var opt = OptimizerFactory.Create(optimizerSpec, model.parameters());
        var batches = Trainer.BatchesPerEpoch(192, options.BatchSize);
        var sched = SchedulerFactory.Create(new SchedulerSpec { Type = scheduler, Interval = "batch" }, 0.01, options.Epochs, batches);
        return (model, new Trainer(model, opt, sched, options));
    }

    public void Dispose()
    {
        Train.Dispose();
        Val.Dispose();
    }
}
