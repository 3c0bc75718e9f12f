namespace Repro.Training.Schedulers;

/// <summary>
/// The one-cycle policy (Smith and Topin 2018), per batch, as PyTorch's OneCycleLR with cosine annealing and two
/// phases: from max_lr / div_factor up to max_lr over the first pct_start of the steps, then down to
/// max_lr / (div_factor × final_div_factor). The optimizer's lr is max_lr unless <c>max_lr</c> is given.
/// </summary>
public sealed class OneCycleScheduler(
    double maxLr,
    int epochs,
    int batchesPerEpoch,
    double pctStart,
    double divFactor,
    double finalDivFactor
) : LearningRateScheduler(maxLr, epochs, batchesPerEpoch, true)
{
    public override double At(long step)
    {
        var initial = BaseLr / divFactor;
        var final = initial / finalDivFactor;
        var peak = pctStart * TotalSteps - 1;
        var end = TotalSteps - 1.0;
        return step <= peak
            ? Anneal(initial, BaseLr, peak <= 0 ? 1 : step / peak)
            : Anneal(BaseLr, final, (step - peak) / Math.Max(1e-12, end - peak));
    }

    private static double Anneal(double from, double to, double fraction) => to + (from - to) / 2 * (Math.Cos(Math.PI * fraction) + 1);
}
