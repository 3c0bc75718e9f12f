namespace Repro.Training.Schedulers;

/// <summary>
/// Linear warmup from <c>start_factor</c> × base to base over <c>warmup_epochs</c>, then constant
/// (PyTorch's LinearLR with end_factor 1).
/// </summary>
public sealed class WarmupScheduler(double baseLr, int epochs, int batchesPerEpoch, bool perBatch, double warmupEpochs, double startFactor)
    : LearningRateScheduler(baseLr, epochs, batchesPerEpoch, perBatch)
{
    private readonly long warmupSteps = Math.Max(1, (long)Math.Round(warmupEpochs * (perBatch ? batchesPerEpoch : 1)));

    public override double At(long step) => BaseLr * (startFactor + (1 - startFactor) * Math.Min(step, warmupSteps) / warmupSteps);
}
