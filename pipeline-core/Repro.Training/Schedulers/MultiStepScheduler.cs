namespace Repro.Training.Schedulers;

/// <summary>Multiplies the rate by <c>gamma</c> at each milestone epoch (PyTorch's MultiStepLR).</summary>
public sealed class MultiStepScheduler(double baseLr, int epochs, int batchesPerEpoch, IReadOnlyList<int> milestones, double gamma)
    : LearningRateScheduler(baseLr, epochs, batchesPerEpoch, false)
{
    public override double At(long step) => BaseLr * Math.Pow(gamma, milestones.Count(m => m <= step));
}
