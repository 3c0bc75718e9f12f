namespace Repro.Training.Schedulers;

/// <summary>The <c>with.scheduler</c> arguments; unset values take the defaults named on each property.</summary>
public sealed record SchedulerSpec
{
    /// <summary>
    /// none, step, multistep, exponential, cosine, warmup, sequential (warmup then cosine), onecycle or plateau
    /// (also spelled reduce_on_plateau). <value>The default is none.</value>
    /// </summary>
    public string Type { get; init; } = "none";

    /// <summary>step: epochs between decays. <value>The default is 10.</value></summary>
    public int StepSize { get; init; } = 10;

    /// <summary>step, multistep, exponential: the decay factor. <value>The default is 0.1 (0.95 for exponential).</value></summary>
    public double? Gamma { get; init; }

    /// <summary>multistep: the epochs at which to decay. <value>The default is none.</value></summary>
    public int[] Milestones { get; init; } = [];

    /// <summary>cosine, sequential: the final rate; plateau: the floor. <value>The default is 0.</value></summary>
    public double MinLr { get; init; }

    /// <summary>warmup, sequential, cosine: epochs (may be fractional when per batch) of linear warmup. <value>The default is 1 for warmup and sequential, 0 for cosine.</value></summary>
    public double? WarmupEpochs { get; init; }

    /// <summary>warmup, sequential, cosine: the first rate as a fraction of the base rate. <value>The default is 0.1.</value></summary>
    public double StartFactor { get; init; } = 0.1;

    /// <summary>cosine, warmup, sequential: <c>epoch</c> or <c>batch</c>. <value>The default is epoch.</value></summary>
    public string Interval { get; init; } = "epoch";

    /// <summary>onecycle: the peak rate. <value>The default is the optimizer's lr.</value></summary>
    public double? MaxLr { get; init; }

    /// <summary>onecycle: the fraction of steps spent increasing. <value>The default is 0.3.</value></summary>
    public double PctStart { get; init; } = 0.3;

    /// <summary>onecycle: initial rate = max_lr / div_factor. <value>The default is 25.</value></summary>
    public double DivFactor { get; init; } = 25;

    /// <summary>onecycle: final rate = initial / final_div_factor. <value>The default is 1e4.</value></summary>
    public double FinalDivFactor { get; init; } = 1e4;

    /// <summary>plateau: the factor applied on a plateau. <value>The default is 0.1.</value></summary>
    public double Factor { get; init; } = 0.1;

    /// <summary>plateau: epochs without improvement before reducing. <value>The default is 10.</value></summary>
    public int Patience { get; init; } = 10;

    /// <summary>plateau: relative improvement that counts. <value>The default is 1e-4.</value></summary>
    public double Threshold { get; init; } = 1e-4;

    /// <summary>plateau: epochs to wait after a reduction. <value>The default is 0.</value></summary>
    public int Cooldown { get; init; }

    /// <summary>plateau: the monitored metric. <value>The default is val_loss.</value></summary>
    public string Metric { get; init; } = "val_loss";

    /// <summary>plateau: <c>min</c> or <c>max</c>. <value>The default is min for losses and errors, max otherwise.</value></summary>
    public string? Mode { get; init; }
}
