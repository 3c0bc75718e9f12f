namespace Repro.Training.Schedulers;

/// <summary>
/// Reduce-on-plateau (PyTorch's ReduceLROnPlateau, relative threshold): after <c>patience</c> epochs without an
/// improvement of the monitored metric by more than <c>threshold</c> (relative), multiply the rate by <c>factor</c>
/// (not below <c>min_lr</c>), then wait <c>cooldown</c> epochs before counting again.
/// </summary>
public sealed class PlateauScheduler(
    double baseLr,
    int epochs,
    int batchesPerEpoch,
    bool maximize,
    double factor,
    int patience,
    double threshold,
    int cooldown,
    double minLr
) : LearningRateScheduler(baseLr, epochs, batchesPerEpoch, false)
{
    private double current = baseLr;
    private double best = maximize ? double.NegativeInfinity : double.PositiveInfinity;
    private int badEpochs;
    private int cooldownLeft;

    public override double At(long step) => current;

    public override void EpochEnded(double? metric)
    {
        if (metric is not { } value || double.IsNaN(value))
            return;
        // PyTorch's rule for threshold_mode "rel", signs included.
        var better = maximize ? value > best * (1 + threshold) : value < best * (1 - threshold);
        if (better)
        {
            best = value;
            badEpochs = 0;
        }
        else
        {
            badEpochs++;
        }
        if (cooldownLeft > 0)
        {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > patience)
        {
            current = Math.Max(current * factor, minLr);
            cooldownLeft = cooldown;
            badEpochs = 0;
        }
    }

    public override IReadOnlyList<double> SaveState() => [current, best, badEpochs, cooldownLeft];

    public override void LoadState(IReadOnlyList<double> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        (current, best, badEpochs, cooldownLeft) = (state[0], state[1], (int)state[2], (int)state[3]);
    }
}
