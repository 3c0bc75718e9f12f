namespace Repro.Training.Training;

/// <summary>How <see cref="Trainer"/> trains; the defaults are those of the <c>train</c> step.</summary>
public sealed record TrainerOptions
{
    /// <summary>Epochs to train. <value>The default is 10.</value></summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per training batch. <value>The default is 64.</value></summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Samples per evaluation batch (bounded, because a dispose scope keeps every intermediate). <value>The default is 500.</value></summary>
    public int EvalBatchSize { get; init; } = 500;

    /// <summary>Clip the global gradient norm to this value; 0 turns clipping off. <value>The default is 0.</value></summary>
    public double GradClip { get; init; }

    /// <summary>Cross-entropy label smoothing. <value>The default is 0.</value></summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Stop when the monitored metric stops improving; null trains every epoch. <value>The default is null.</value></summary>
    public EarlyStoppingOptions? EarlyStopping { get; init; }

    /// <summary>Training-batch augmentation. <value>The default is none.</value></summary>
    public AugmentationOptions Augmentation { get; init; } = new();

    /// <summary>Seed of the generator that shuffles and augments.</summary>
    public long Seed { get; init; }

    /// <summary>Folder for <c>last.ckpt</c> (every epoch) and <c>best.pt</c>; null keeps the best weights in memory only.</summary>
    public string? CheckpointDirPath { get; init; }

    /// <summary>A <c>last.ckpt</c> to continue from; it must come from the same configuration (<see cref="ConfigurationHash"/>).</summary>
    public string? ResumeFromPath { get; init; }

    /// <summary>A hash of every resolved hyperparameter, stored in checkpoints so a resume cannot mix configurations.</summary>
    public string ConfigurationHash { get; init; } = "";
}
