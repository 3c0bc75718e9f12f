namespace Repro.Training.Schedulers;

/// <summary>
/// Cosine annealing from the base rate to <c>min_lr</c> over the run (Loshchilov and Hutter 2017, without restarts;
/// PyTorch's CosineAnnealingLR with T_max = the run), optionally after a linear warmup of <c>warmup_epochs</c>
/// starting at <c>start_factor</c> × base (the <c>sequential</c> schedule: warmup, then cosine over the rest).
/// </summary>
public sealed class CosineScheduler(
    double baseLr,
    int epochs,
    int batchesPerEpoch,
    bool perBatch,
    double minLr,
    double warmupEpochs,
    double startFactor
) : LearningRateScheduler(baseLr, epochs, batchesPerEpoch, perBatch)
{
    private readonly long warmupSteps = (long)Math.Round(warmupEpochs * (perBatch ? batchesPerEpoch : 1));

    public override double At(long step)
    {
        if (step < warmupSteps)
            return BaseLr * (startFactor + (1 - startFactor) * step / warmupSteps);
        var span = Math.Max(1, TotalSteps - warmupSteps);
        return minLr + (BaseLr - minLr) * (1 + Math.Cos(Math.PI * (step - warmupSteps) / span)) / 2;
    }
}
