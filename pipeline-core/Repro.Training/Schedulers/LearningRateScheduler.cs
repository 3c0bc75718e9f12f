namespace Repro.Training.Schedulers;

/// <summary>
/// Decides the learning rate before every batch. Most schedules are a pure function of the position in training
/// (so resuming needs no state); reduce-on-plateau also learns from the validation metric after each epoch.
/// </summary>
public abstract class LearningRateScheduler
{
    protected LearningRateScheduler(double baseLr, int epochs, int batchesPerEpoch, bool perBatch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchesPerEpoch);
        BaseLr = baseLr;
        PerBatch = perBatch;
        BatchesPerEpoch = batchesPerEpoch;
        TotalSteps = perBatch ? (long)epochs * batchesPerEpoch : epochs;
    }

    /// <summary>The optimizer's learning rate as configured.</summary>
    public double BaseLr { get; }

    /// <summary>Whether the rate changes every batch (else once per epoch).</summary>
    public bool PerBatch { get; }

    /// <summary>Batches in one epoch.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>Number of steps in the schedule: epochs, or epochs × batches when per batch.</summary>
    public long TotalSteps { get; }

    /// <summary>The learning rate for batch <paramref name="batch"/> of epoch <paramref name="epoch"/> (both from 0).</summary>
    public double LearningRate(int epoch, int batch) => At(PerBatch ? (long)epoch * BatchesPerEpoch + batch : epoch);

    /// <summary>The learning rate at step <paramref name="step"/> (from 0) of the schedule.</summary>
    public abstract double At(long step);

    /// <summary>Called after each epoch with the monitored validation metric (if any).</summary>
    public virtual void EpochEnded(double? metric) { }

    /// <summary>Whatever the schedule learned while training, for checkpoints; empty for pure schedules.</summary>
    public virtual IReadOnlyList<double> SaveState() => [];

    /// <summary>Restores what <see cref="SaveState"/> returned.</summary>
    public virtual void LoadState(IReadOnlyList<double> state) { }
}
