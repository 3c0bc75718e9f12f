namespace Repro.Training.Training;

/// <summary>The <c>with.early_stopping</c> arguments.</summary>
public sealed record EarlyStoppingOptions
{
    /// <summary>The monitored per-epoch metric: val_loss, val_acc, val_mse, val_mae or train_loss. <value>The default is val_loss.</value></summary>
    public string Metric { get; init; } = "val_loss";

    /// <summary>Epochs without improvement before stopping. <value>The default is 5.</value></summary>
    public int Patience { get; init; } = 5;

    /// <summary><c>min</c> or <c>max</c>; <c>auto</c> maximises accuracies and minimises the rest. <value>The default is auto.</value></summary>
    public string Mode { get; init; } = "auto";

    /// <summary>The smallest change that counts as an improvement. <value>The default is 0.</value></summary>
    public double MinDelta { get; init; }

    /// <summary>Whether the metric should grow.</summary>
    public bool Maximize => Mode == "max" || (Mode == "auto" && Metric.EndsWith("acc", StringComparison.Ordinal));
}
