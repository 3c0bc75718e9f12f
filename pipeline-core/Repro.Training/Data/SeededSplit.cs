using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Training.Data;

/// <summary>Splits samples at random but reproducibly: the same seed and count always hold out the same samples.</summary>
public static class SeededSplit
{
    /// <summary>
    /// Holds out <c>round(count × fraction)</c> samples of <paramref name="all"/>, chosen by a torch generator seeded with
    /// <paramref name="seed"/>; both parts keep the original sample order. Returns no held-out part for a fraction of 0.
    /// </summary>
    public static (DatasetSplit Kept, DatasetSplit? HeldOut) Split(DatasetSplit all, double fraction, long seed)
    {
        ArgumentNullException.ThrowIfNull(all);
        var heldOutCount = (long)Math.Round(all.Count * fraction, MidpointRounding.AwayFromZero);
        if (heldOutCount <= 0)
            return (all, null);
        var (kept, heldOut) = Indices(all.Count, heldOutCount, seed);
        using (kept)
        using (heldOut)
            return (all.Select(kept), all.Select(heldOut));
    }

    /// <summary>The indices kept and held out (each sorted, int64) when <paramref name="heldOutCount"/> of <paramref name="count"/> are held out.</summary>
    public static (Tensor Kept, Tensor HeldOut) Indices(long count, long heldOutCount, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(heldOutCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(heldOutCount, count);
        using var generator = new Generator((ulong)seed);
        using var order = randperm(count, generator: generator);
        // Sorted, so a split is a subsequence of the file: easier to inspect, and batches still come shuffled by the trainer.
        var heldOut = order.narrow(0, 0, heldOutCount).sort().Values;
        var kept = order.narrow(0, heldOutCount, count - heldOutCount).sort().Values;
        return (kept, heldOut);
    }
}
