using Repro.Core.Execution;
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

    /// <summary>
    /// Train, val and test splits of <paramref name="all"/>: <paramref name="testFraction"/> held out first (with a seed derived
    /// from <paramref name="seed"/>), then <paramref name="valFraction"/> of the whole from what is left (with
    /// <paramref name="seed"/> itself, so a dataset without a test split gets the same validation rows as before).
    /// A split of fraction 0 is absent. The caller owns every returned split; <c>train</c> may be <paramref name="all"/> itself.
    /// </summary>
    public static Dictionary<string, DatasetSplit> TrainValTest(DatasetSplit all, double testFraction, double valFraction, long seed)
    {
        ArgumentNullException.ThrowIfNull(all);
        var splits = new Dictionary<string, DatasetSplit>(StringComparer.Ordinal);
        var (rest, test) = Split(all, testFraction, Seeds.ForStage(seed, "test-split"));
        if (test is not null)
            splits["test"] = test;
        // val_fraction is a fraction of every sample, not of what the test split left.
        var valShare = rest.Count == 0 ? 0 : Math.Min(1, valFraction * all.Count / rest.Count);
        var (train, val) = Split(rest, valShare, seed);
        if (!ReferenceEquals(train, rest) && !ReferenceEquals(rest, all))
            rest.Dispose();
        splits["train"] = train;
        if (val is not null)
            splits["val"] = val;
        return splits;
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
