namespace Repro.Training.Training;

/// <summary>What one epoch measured. Accuracy values are null for regression, MSE/MAE null for classification.</summary>
public sealed record EpochMetrics
{
    /// <summary>The epoch, from 1.</summary>
    public required int Epoch { get; init; }

    public required double TrainLoss { get; init; }

    public double? TrainAcc { get; init; }

    /// <summary>Null without a validation split.</summary>
    public double? ValLoss { get; init; }

    public double? ValAcc { get; init; }

    public double? ValMse { get; init; }

    public double? ValMae { get; init; }

    /// <summary>The learning rate of the epoch's first batch.</summary>
    public required double Lr { get; init; }

    /// <summary>Training samples per second (not deterministic; never part of final metrics).</summary>
    public required double SamplesPerSecond { get; init; }

    /// <summary>Wall time of the epoch including evaluation (not deterministic).</summary>
    public required double EpochSeconds { get; init; }

    /// <summary>The value of a metric by its snake_case name (<c>val_loss</c>, <c>train_acc</c>, ...), or null.</summary>
    public double? Get(string name) =>
        name switch
        {
            "train_loss" => TrainLoss,
            "train_acc" => TrainAcc,
            "val_loss" => ValLoss,
            "val_acc" => ValAcc,
            "val_mse" => ValMse,
            "val_mae" => ValMae,
            "lr" => Lr,
            _ => null,
        };

    /// <summary>The deterministic values, by snake_case name, skipping nulls (what a series or final metrics hold).</summary>
    public IReadOnlyList<(string Name, double Value)> Values() =>
        [
            .. new (string, double?)[]
            {
                ("train_loss", TrainLoss),
                ("train_acc", TrainAcc),
                ("val_loss", ValLoss),
                ("val_acc", ValAcc),
                ("val_mse", ValMse),
                ("val_mae", ValMae),
                ("lr", Lr),
            }
                .Where(v => v.Item2 is not null)
                .Select(v => (v.Item1, v.Item2!.Value)),
        ];
}
