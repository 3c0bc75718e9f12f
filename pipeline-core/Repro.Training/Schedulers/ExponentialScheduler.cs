namespace Repro.Training.Schedulers;

/// <summary>Multiplies the rate by <c>gamma</c> every epoch (PyTorch's ExponentialLR).</summary>
public sealed class ExponentialScheduler(double baseLr, int epochs, int batchesPerEpoch, double gamma)
    : LearningRateScheduler(baseLr, epochs, batchesPerEpoch, false)
{
    public override double At(long step) => BaseLr * Math.Pow(gamma, step);
}
