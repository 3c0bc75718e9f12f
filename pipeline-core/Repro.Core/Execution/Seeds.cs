using System.Text;

namespace Repro.Core.Execution;

/// <summary>
/// Derives every seed from one pipeline or study seed, so a stage's or trial's randomness depends only on
/// its name or number and never on the order things ran in.
/// </summary>
public static class Seeds
{
    /// <summary>The seed of stage <paramref name="stageName"/> in a pipeline seeded with <paramref name="pipelineSeed"/>.</summary>
    public static long ForStage(long pipelineSeed, string stageName) => Derive($"stage:{pipelineSeed}:{stageName}");

    /// <summary>The seed of trial <paramref name="trialNumber"/> in a study seeded with <paramref name="studySeed"/>.</summary>
    public static long ForTrial(long studySeed, int trialNumber) => Derive($"trial:{studySeed}:{trialNumber}");

    /// <summary>A <see cref="Random"/> for a derived seed; the only sanctioned way to make one.</summary>
    public static Random CreateRandom(long seed) =>
#pragma warning disable RS0030 // The banned constructor is fine here: this is where derived seeds become generators.
        new((int)(seed & int.MaxValue));
#pragma warning restore RS0030

    // BLAKE3 rather than string.GetHashCode: stable across processes, runtimes and machines.
    private static long Derive(string text)
    {
        var hash = Blake3.Hasher.Hash(Encoding.UTF8.GetBytes(text));
        // 31 bits: fits torch.manual_seed, System.Random and every other consumer without sign surprises.
        return BitConverter.ToInt32(hash.AsSpan()[..4]) & int.MaxValue;
    }
}
