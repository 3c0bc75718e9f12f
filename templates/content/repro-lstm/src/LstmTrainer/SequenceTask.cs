using Repro.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace LstmTrainer;

/// <summary>
/// Generates the task: noisy sine waves whose period (3, 5, 8 or 13 steps) is the class, each sequence with its own
/// length, zero-padded to the longest and stored with its true length. Written as a prepared dataset folder, the
/// format Repro's data steps write, so the built-in <c>train</c> and <c>evaluate</c> steps read it as they read theirs.
/// </summary>
public static class SequenceTask
{
    /// <summary>The period of each class, in steps.</summary>
    public static IReadOnlyList<double> Periods { get; } = [3, 5, 8, 13];

    /// <summary>Writes <paramref name="samples"/> sequences, split 70/15/15 into train, val and test, all drawn from <paramref name="seed"/>.</summary>
    public static DatasetInfo Write(string dirPath, int samples, int minLength, int maxLength, double noise, long seed)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var lengths = randint(minLength, maxLength + 1, [samples], dtype: int64, generator: generator);
        var labels = randint(0, Periods.Count, [samples], dtype: int64, generator: generator);
        var phase = rand([samples, 1], generator: generator).mul(2 * Math.PI);
        var period = tensor(Periods.Select(p => (float)p).ToArray()).index_select(0, labels).unsqueeze(1);
        var steps = arange(maxLength, dtype: float32).unsqueeze(0);
        var x = sin(steps.mul(2 * Math.PI).div(period).add(phase)).add(randn([samples, maxLength], generator: generator).mul(noise));
        // Steps past a sequence's length are padding: zero, and never seen by a model that reads the lengths.
        x = x.mul(steps.lt(lengths.unsqueeze(1)).to(float32)).unsqueeze(-1);

        var all = new DatasetSplit(x, labels, lengths);
        var (rest, test) = SeededSplit.Split(all, 0.15, seed);
        var (train, val) = SeededSplit.Split(rest, 0.15 / 0.85, seed + 1);
        var info = new DatasetInfo
        {
            Kind = DatasetKinds.SequenceClassification,
            Producer = "src/LstmTrainer",
            NumClasses = Periods.Count,
            ClassNames = [.. Periods.Select(p => $"period {p}")],
            InputShape = [maxLength, 1],
            Normalization = Normalization.None,
            VariableLength = true,
            Splits = new Dictionary<string, long>(),
            Arguments = new Dictionary<string, object?>
            {
                ["samples"] = samples,
                ["min_length"] = minLength,
                ["max_length"] = maxLength,
                ["noise"] = noise,
                ["seed"] = seed,
            },
        };
        var splits = new Dictionary<string, DatasetSplit> { ["train"] = train };
        if (val is not null)
            splits["val"] = val;
        if (test is not null)
            splits["test"] = test;
        return PreparedDataset.Save(dirPath, info, splits);
    }
}
