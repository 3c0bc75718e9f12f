using Repro.Core;

namespace Repro.Training.Schedulers;

/// <summary>Builds the scheduler a <see cref="SchedulerSpec"/> names.</summary>
public static class SchedulerFactory
{
    /// <summary>The scheduler types a spec can name.</summary>
    public static IReadOnlyList<string> Types { get; } =
    ["none", "step", "multistep", "exponential", "cosine", "warmup", "sequential", "onecycle", "plateau", "reduce_on_plateau"];

    /// <summary>A scheduler for a run of <paramref name="epochs"/> epochs of <paramref name="batchesPerEpoch"/> batches.</summary>
    public static LearningRateScheduler Create(SchedulerSpec spec, double baseLr, int epochs, int batchesPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var perBatch = spec.Interval == "batch";
        return spec.Type switch
        {
            "none" or "constant" => new ConstantScheduler(baseLr, epochs, batchesPerEpoch),
            "step" => new StepScheduler(baseLr, epochs, batchesPerEpoch, spec.StepSize, spec.Gamma ?? 0.1),
            "multistep" => new MultiStepScheduler(baseLr, epochs, batchesPerEpoch, spec.Milestones, spec.Gamma ?? 0.1),
            "exponential" => new ExponentialScheduler(baseLr, epochs, batchesPerEpoch, spec.Gamma ?? 0.95),
            "cosine" => new CosineScheduler(
                baseLr,
                epochs,
                batchesPerEpoch,
                perBatch,
                spec.MinLr,
                spec.WarmupEpochs ?? 0,
                spec.StartFactor
            ),
            "sequential" => new CosineScheduler(
                baseLr,
                epochs,
                batchesPerEpoch,
                perBatch,
                spec.MinLr,
                spec.WarmupEpochs ?? 1,
                spec.StartFactor
            ),
            "warmup" => new WarmupScheduler(baseLr, epochs, batchesPerEpoch, perBatch, spec.WarmupEpochs ?? 1, spec.StartFactor),
            "onecycle" => new OneCycleScheduler(
                spec.MaxLr ?? baseLr,
                epochs,
                batchesPerEpoch,
                spec.PctStart,
                spec.DivFactor,
                spec.FinalDivFactor
            ),
            "plateau" or "reduce_on_plateau" => new PlateauScheduler(
                baseLr,
                epochs,
                batchesPerEpoch,
                IsMaximized(spec),
                spec.Factor,
                spec.Patience,
                spec.Threshold,
                spec.Cooldown,
                spec.MinLr
            ),
            _ => throw new ReproException(
                new Diagnostic(null, $"unknown scheduler type '{spec.Type}'", $"use one of: {string.Join(", ", Types)}")
            ),
        };
    }

    /// <summary>Whether the plateau metric should grow: <c>mode</c>, else max unless the name says loss or error.</summary>
    public static bool IsMaximized(SchedulerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Mode switch
        {
            "max" => true,
            "min" => false,
            _ => !(
                spec.Metric.Contains("loss", StringComparison.Ordinal)
                || spec.Metric.Contains("mse", StringComparison.Ordinal)
                || spec.Metric.Contains("mae", StringComparison.Ordinal)
            ),
        };
    }
}
