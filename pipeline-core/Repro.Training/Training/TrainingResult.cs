namespace Repro.Training.Training;

/// <summary>The outcome of <see cref="Trainer.Fit"/>.</summary>
public sealed record TrainingResult
{
    /// <summary>Every epoch's metrics, including epochs before a resume.</summary>
    public required IReadOnlyList<EpochMetrics> History { get; init; }

    /// <summary>The epoch (from 1) whose weights the model holds at the end.</summary>
    public required int BestEpoch { get; init; }

    /// <summary>Why training ended: <c>completed</c>, <c>early_stopped</c> or <c>stopped</c> (by the observer).</summary>
    public required string StopReason { get; init; }

    /// <summary>Epochs trained in total.</summary>
    public int EpochsRun => History.Count;

    /// <summary>The metrics of <see cref="BestEpoch"/>.</summary>
    public EpochMetrics Best => History[BestEpoch - 1];
}
