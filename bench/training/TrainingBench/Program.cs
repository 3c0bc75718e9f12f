using System.Globalization;
using Repro.Bench.Training;

// TrainingBench hand|builtin EPOCHS THREADS LIMIT [WORKDIR]: trains once and prints "samples/s: N" and the peak RSS.
if (args.Length < 4 || args[0] is not ("hand" or "builtin"))
{
    Console.Error.WriteLine("usage: TrainingBench hand|builtin EPOCHS THREADS LIMIT [WORKDIR]");
    return 2;
}
var epochs = int.Parse(args[1], CultureInfo.InvariantCulture);
var threads = int.Parse(args[2], CultureInfo.InvariantCulture);
var limit = long.Parse(args[3], CultureInfo.InvariantCulture);
var samplesPerSecond =
    args[0] == "hand"
        ? HandWrittenLoop.Run(epochs, threads, limit)
        : BuiltinTrainer.Run(epochs, threads, limit, args.Length > 4 ? args[4] : Directory.CreateTempSubdirectory("repro-bench-").FullName);
var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
Console.WriteLine($"samples/s: {samplesPerSecond.ToString("F0", CultureInfo.InvariantCulture)}");
Console.WriteLine($"peak {peak}");
return 0;
