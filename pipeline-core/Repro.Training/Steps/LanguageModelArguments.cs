using Repro.Core;
using Repro.Core.Steps;
using Repro.Training.Optimizers;
using Repro.Training.Schedulers;

namespace Repro.Training.Steps;

/// <summary>The <c>with:</c> arguments of a <c>train</c> stage whose model is a <c>transformer_lm</c> (<see cref="LanguageModelTrainStep"/>).</summary>
public sealed record LanguageModelArguments : TrainStepArguments
{
    /// <summary><c>model.d_model</c>: the width. <value>The default is 128.</value></summary>
    public int DModel { get; init; } = 128;

    /// <summary><c>model.nhead</c>: attention heads. <value>The default is 4.</value></summary>
    public int Heads { get; init; } = 4;

    /// <summary><c>model.layers</c>. <value>The default is 2.</value></summary>
    public int Layers { get; init; } = 2;

    /// <summary><c>model.dim_feedforward</c>. <value>The default is 4 × <see cref="DModel"/>.</value></summary>
    public int FeedForward { get; init; }

    /// <summary><c>model.dropout</c>. <value>The default is 0.1.</value></summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary><c>model.context</c>: tokens per window. <value>The default is 64.</value></summary>
    public int Context { get; init; } = 64;

    /// <summary>AdamW (lr 0.001, weight decay 0.01) when absent.</summary>
    public required OptimizerSpec Optimizer { get; init; }

    /// <summary>Linear warmup for one epoch, then cosine, per batch, when absent.</summary>
    public required SchedulerSpec Scheduler { get; init; }

    /// <summary><value>The default is 10.</value></summary>
    public int Epochs { get; init; } = 10;

    /// <summary><value>The default is 32.</value></summary>
    public int BatchSize { get; init; } = 32;

    /// <summary><value>The default is 64.</value></summary>
    public int EvalBatchSize { get; init; } = 64;

    /// <summary><value>The default is 1.</value></summary>
    public double GradClip { get; init; } = 1.0;

    internal static LanguageModelArguments Read(StepArguments with, StepArguments m)
    {
        var data = with.GetString("data");
        var dModel = m.GetInt("d_model", 128, min: 1);
        var heads = m.GetInt("nhead", 4, min: 1);
        var layers = m.GetInt("layers", 2, min: 1);
        var feedForward = m.GetInt("dim_feedforward", 4 * dModel, min: 1);
        var dropout = m.GetDouble("dropout", 0.1, NumberRange.FractionBelowOne);
        var context = m.GetInt("context", 64, min: 1);
        if (dModel % heads != 0)
        {
            m.Report(
                new Diagnostic(
                    m.LocationOf("nhead"),
                    $"d_model {dModel} is not divisible by nhead {heads}",
                    "attention splits d_model evenly between heads"
                )
            );
        }
        var optimizerSection = with.GetOptionalSection("optimizer", shorthandKey: "type");
        var optimizer = optimizerSection is null
            ? new OptimizerSpec { Type = "adamw" }.Resolve()
            : TrainArguments.ReadOptimizer(optimizerSection, null);
        var schedulerSection = with.GetOptionalSection("scheduler", shorthandKey: "type");
        var scheduler = schedulerSection is null
            ? new SchedulerSpec
            {
                Type = "sequential",
                Interval = "batch",
                WarmupEpochs = 1,
            }
            : TrainArguments.ReadScheduler(schedulerSection);
        return new LanguageModelArguments
        {
            Data = data,
            DModel = dModel,
            Heads = heads,
            Layers = layers,
            FeedForward = feedForward,
            Dropout = dropout,
            Context = context,
            Optimizer = optimizer,
            Scheduler = scheduler,
            Epochs = with.GetInt("epochs", 10, min: 1),
            BatchSize = with.GetInt("batch_size", 32, min: 1),
            EvalBatchSize = with.GetInt("eval_batch_size", 64, min: 1),
            GradClip = with.GetDouble("grad_clip", 1.0, NumberRange.NonNegative),
            Device = TorchSetup.ReadDevice(with),
        };
    }
}
