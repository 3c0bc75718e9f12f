namespace Repro.Training.Schedulers;

/// <summary>Multiplies the rate by <c>gamma</c> every <c>step_size</c> epochs (PyTorch's StepLR).</summary>
public sealed class StepScheduler(double baseLr, int epochs, int batchesPerEpoch, int stepSize, double gamma)
    : LearningRateScheduler(baseLr, epochs, batchesPerEpoch, false)
{
    public override double At(long step) => BaseLr * Math.Pow(gamma, step / stepSize);
}
