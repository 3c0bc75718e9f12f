namespace Repro.Training.Schedulers;

/// <summary>No schedule: the base learning rate throughout.</summary>
public sealed class ConstantScheduler(double baseLr, int epochs, int batchesPerEpoch)
    : LearningRateScheduler(baseLr, epochs, batchesPerEpoch, false)
{
    public override double At(long step) => BaseLr;
}
