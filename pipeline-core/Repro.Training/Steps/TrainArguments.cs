using Repro.Core;
using Repro.Core.Steps;
using Repro.Training.Data;
using Repro.Training.Models;
using Repro.Training.Optimizers;
using Repro.Training.Schedulers;
using Repro.Training.Training;

namespace Repro.Training.Steps;

/// <summary>
/// The <c>with:</c> arguments of a <c>train</c> stage of a classifier or regressor, read through <see cref="StepArguments"/>
/// so every mistake is reported at its position and every default lands in <see cref="StepArguments.Resolved"/>.
/// </summary>
public sealed record TrainArguments : TrainStepArguments
{
    /// <summary>The architecture, still without the dataset's input shape and outputs.</summary>
    public required ModelSpec Model { get; init; }

    public required OptimizerSpec Optimizer { get; init; }

    public required SchedulerSpec Scheduler { get; init; }

    public required TrainerOptions Trainer { get; init; }

    /// <summary>Whether mixed precision was asked for.</summary>
    public bool Amp { get; init; }

    /// <summary><c>auto</c> (continue an interrupted run of the same configuration), <c>never</c>, or a checkpoint path.</summary>
    public required string Resume { get; init; }

    /// <summary>Reads every argument besides <c>model.type</c>, recording every problem in <paramref name="with"/>.</summary>
    internal static TrainArguments Read(StepArguments with, StepArguments modelSection, string type)
    {
        var data = with.GetString("data");
        var model = ReadModel(modelSection, type);
        var weightDecay = with.GetOptionalDouble("weight_decay", NumberRange.NonNegative);
        var optimizer = ReadOptimizer(with.GetOptionalSection("optimizer", shorthandKey: "type"), weightDecay);
        var epochs = with.GetInt("epochs", 10, min: 1);
        var scheduler = ReadScheduler(with.GetOptionalSection("scheduler", shorthandKey: "type"));
        var trainer = new TrainerOptions
        {
            Epochs = epochs,
            BatchSize = with.GetInt("batch_size", 64, min: 1),
            EvalBatchSize = with.GetInt("eval_batch_size", 500, min: 1),
            GradClip = with.GetDouble("grad_clip", 0, NumberRange.NonNegative),
            LabelSmoothing = with.GetDouble("label_smoothing", 0, NumberRange.FractionBelowOne),
            EarlyStopping = ReadEarlyStopping(with.GetOptionalSection("early_stopping", shorthandKey: "metric")),
            Augmentation = ReadAugmentation(with.GetOptionalSection("augmentation")),
        };
        var arguments = new TrainArguments
        {
            Data = data,
            Model = model,
            Optimizer = optimizer,
            Scheduler = scheduler,
            Trainer = trainer,
            Device = TorchSetup.ReadDevice(with),
            Amp = with.GetBool("amp", false),
            Resume = with.GetString("resume", "auto"),
        };
        return arguments;
    }

    private static ModelSpec ReadModel(StepArguments m, string type)
    {
        var spec = new ModelSpec
        {
            Type = type,
            InputShape = [],
            Outputs = 0,
            Activation = m.GetEnum("activation", Activations.Names, "relu", "activation"),
            Dropout = m.GetDouble("dropout", 0, NumberRange.FractionBelowOne),
        };
        switch (type)
        {
            case "mlp":
                return spec with { Hidden = [.. m.GetIntList("hidden", [128], min: 1)] };
            case "cnn":
                return spec with
                {
                    Channels = [.. m.GetIntList("channels", [32, 64], min: 1)],
                    KernelSize = m.GetInt("kernel_size", 3, min: 1),
                    Pooling = m.GetEnum("pooling", ["max", "avg", "none"], "max", "pooling"),
                    Batchnorm = m.GetBool("batchnorm", true),
                    GlobalPool = m.GetBool("global_pool", false),
                    Fc = [.. m.GetIntList("fc", [128], min: 1)],
                };
            case "resnet":
                return spec with
                {
                    Channels = [.. m.GetIntList("channels", [16, 32, 64], min: 1)],
                    Blocks = m.GetInt("blocks", 2, min: 1),
                    Fc = [.. m.GetIntList("fc", [], min: 1)],
                };
            case "lightcnn":
                return spec with
                {
                    Channels = [.. m.GetIntList("channels", [32, 64], min: 1)],
                    SeReduction = m.GetInt("se_reduction", 4, min: 1),
                    Fc = [.. m.GetIntList("fc", [], min: 1)],
                };
            case "lstm" or "gru":
                return spec with
                {
                    HiddenSize = m.GetInt("hidden_size", 64, min: 1),
                    Layers = m.GetInt("layers", 1, min: 1),
                    Bidirectional = m.GetBool("bidirectional", false),
                };
            case "transformer":
                var transformer = spec with
                {
                    HiddenSize = m.GetInt("hidden_size", 64, min: 1),
                    Layers = m.GetInt("layers", 2, min: 1),
                    Heads = m.GetInt("heads", 4, min: 1),
                    FeedForward = m.GetInt("feed_forward", 128, min: 1),
                    Dropout = m.GetDouble("dropout", 0.1, NumberRange.FractionBelowOne),
                };
                if (transformer.HiddenSize % transformer.Heads != 0)
                {
                    m.Report(
                        new Diagnostic(
                            m.LocationOf("heads"),
                            $"hidden_size {transformer.HiddenSize} is not divisible by heads {transformer.Heads}",
                            "attention splits the width evenly between heads"
                        )
                    );
                }
                return transformer;
            default:
                return spec;
        }
    }

    internal static OptimizerSpec ReadOptimizer(StepArguments? o, double? weightDecay)
    {
        if (o is null)
            return new OptimizerSpec { WeightDecay = weightDecay }.Resolve();
        var type = o.GetEnum("type", OptimizerFactory.Types, "adam", "optimizer type");
        var spec = new OptimizerSpec
        {
            Type = type,
            Lr = o.GetOptionalDouble("lr", NumberRange.Positive),
            WeightDecay = o.GetOptionalDouble("weight_decay", NumberRange.NonNegative) ?? weightDecay,
        };
        spec = type switch
        {
            "sgd" => spec with
            {
                Momentum = o.GetOptionalDouble("momentum", NumberRange.FractionBelowOne),
                Nesterov = o.Has("nesterov") ? o.GetBool("nesterov") : null,
            },
            "rmsprop" => spec with
            {
                Momentum = o.GetOptionalDouble("momentum", NumberRange.FractionBelowOne),
                Alpha = o.GetOptionalDouble("alpha", NumberRange.FractionBelowOne),
                Eps = o.GetOptionalDouble("eps", NumberRange.Positive),
            },
            "adagrad" => spec with { Eps = o.GetOptionalDouble("eps", NumberRange.Positive) },
            "adafactor" => spec with
            {
                Eps = o.GetOptionalDouble("eps", NumberRange.Positive),
                Eps2 = o.GetOptionalDouble("eps2", NumberRange.Positive),
                Decay = o.GetOptionalDouble("decay", new NumberRange(-1, 0, MaxExclusive: true)),
                ClipThreshold = o.GetOptionalDouble("clip_threshold", NumberRange.Positive),
            },
            _ => spec with
            {
                Beta1 = o.GetOptionalDouble("beta1", NumberRange.FractionBelowOne),
                Beta2 = o.GetOptionalDouble("beta2", NumberRange.FractionBelowOne),
                Eps = o.GetOptionalDouble("eps", NumberRange.Positive),
            },
        };
        var resolved = spec.Resolve();
        // Record the defaults the optimizer will really use, under the keys a user would write.
        Record(o, "lr", resolved.Lr);
        Record(o, "weight_decay", resolved.WeightDecay);
        Record(o, "momentum", resolved.Momentum);
        Record(o, "beta1", resolved.Beta1);
        Record(o, "beta2", resolved.Beta2);
        Record(o, "eps", resolved.Eps);
        return resolved;
    }

    private static void Record(StepArguments section, string key, double? value)
    {
        if (value is { } v && !section.Has(key))
            section.GetDouble(key, v);
    }

    internal static SchedulerSpec ReadScheduler(StepArguments? s)
    {
        if (s is null)
            return new SchedulerSpec();
        var type = s.GetEnum("type", SchedulerFactory.Types, "none", "scheduler type");
        var spec = new SchedulerSpec { Type = type };
        return type switch
        {
            "step" => spec with { StepSize = s.GetInt("step_size", 10, min: 1), Gamma = s.GetDouble("gamma", 0.1, NumberRange.Positive) },
            "multistep" => spec with
            {
                Milestones = [.. s.GetIntList("milestones", min: 1)],
                Gamma = s.GetDouble("gamma", 0.1, NumberRange.Positive),
            },
            "exponential" => spec with { Gamma = s.GetDouble("gamma", 0.95, NumberRange.Positive) },
            "cosine" or "sequential" or "warmup" => spec with
            {
                MinLr = type == "warmup" ? 0 : s.GetDouble("min_lr", 0, NumberRange.NonNegative),
                WarmupEpochs = s.GetDouble("warmup_epochs", type == "cosine" ? 0 : 1, NumberRange.NonNegative),
                StartFactor = s.GetDouble("start_factor", 0.1, NumberRange.UnitInterval),
                Interval = s.GetEnum("interval", ["epoch", "batch"], "epoch", "scheduler interval"),
            },
            "onecycle" => spec with
            {
                MaxLr = s.GetOptionalDouble("max_lr", NumberRange.Positive),
                PctStart = s.GetDouble("pct_start", 0.3, new NumberRange(0, 1, MinExclusive: true, MaxExclusive: true)),
                DivFactor = s.GetDouble("div_factor", 25, NumberRange.Positive),
                FinalDivFactor = s.GetDouble("final_div_factor", 1e4, NumberRange.Positive),
                Interval = "batch",
            },
            "plateau" or "reduce_on_plateau" => spec with
            {
                Metric = s.GetEnum("metric", MonitoredMetrics, "val_loss", "metric"),
                Mode = s.GetEnum("mode", ["auto", "min", "max"], "auto", "mode") is var mode && mode == "auto" ? null : mode,
                Factor = s.GetDouble("factor", 0.1, new NumberRange(0, 1, MinExclusive: true, MaxExclusive: true)),
                Patience = s.GetInt("patience", 10, min: 0),
                Threshold = s.GetDouble("threshold", 1e-4, NumberRange.NonNegative),
                Cooldown = s.GetInt("cooldown", 0, min: 0),
                MinLr = s.GetDouble("min_lr", 0, NumberRange.NonNegative),
            },
            _ => spec,
        };
    }

    /// <summary>The per-epoch metrics early stopping and reduce-on-plateau can monitor.</summary>
    public static IReadOnlyList<string> MonitoredMetrics { get; } =
    ["val_loss", "val_acc", "val_mse", "val_mae", "train_loss", "train_acc"];

    private static EarlyStoppingOptions? ReadEarlyStopping(StepArguments? e) =>
        e is null
            ? null
            : new EarlyStoppingOptions
            {
                Metric = e.GetEnum("metric", MonitoredMetrics, "val_loss", "metric"),
                Patience = e.GetInt("patience", 5, min: 1),
                Mode = e.GetEnum("mode", ["auto", "min", "max"], "auto", "mode"),
                MinDelta = e.GetDouble("min_delta", 0, NumberRange.NonNegative),
            };

    private static AugmentationOptions ReadAugmentation(StepArguments? a) =>
        a is null
            ? new AugmentationOptions()
            : new AugmentationOptions
            {
                CropPadding = a.GetInt("crop_padding", 0, min: 0),
                HorizontalFlip = a.GetDouble("horizontal_flip", 0, NumberRange.UnitInterval),
                RotationDegrees = a.GetDouble("rotation", 0, new NumberRange(0, 180)),
                GaussianNoise = a.GetDouble("gaussian_noise", 0, NumberRange.NonNegative),
            };

    /// <summary>The model spec completed with the dataset's sample shape and output count; shape mismatches are problems.</summary>
    public ModelSpec CompleteModel(DatasetInfo info, StepArguments with)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(with);
        var classification = DatasetKinds.IsClassification(info.Kind);
        var outputs = classification ? info.NumClasses : (int)info.TargetShape.Aggregate(1L, (a, b) => a * b);
        var spec = Model with
        {
            InputShape = [.. info.InputShape],
            Outputs = Math.Max(1, outputs),
            Task = classification ? "classification" : "regression",
        };
        var wanted = spec.Type switch
        {
            "cnn" or "resnet" or "lightcnn" => 3,
            "lstm" or "gru" or "transformer" => 2,
            _ => 0,
        };
        if (wanted != 0 && spec.InputShape.Length != wanted)
        {
            throw new ReproException(
                new Diagnostic(
                    with.LocationOf("model"),
                    $"model '{spec.Type}' needs samples of {(wanted == 3 ? "[channels, height, width]" : "[time, features]")}, "
                        + $"but the dataset's samples are [{string.Join(", ", spec.InputShape)}]",
                    wanted == 3 ? "use mlp for tabular data, lstm/gru/transformer for sequences" : "use cnn, resnet or lightcnn for images"
                )
            );
        }
        return spec;
    }
}
