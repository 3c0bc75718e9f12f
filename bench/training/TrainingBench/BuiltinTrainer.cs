using System.Globalization;
using System.Text.Json.Nodes;
using Repro.Core.Steps;
using Repro.Training.Data;
using Repro.Training.Steps;
using static TorchSharp.torch;

namespace Repro.Bench.Training;

/// <summary>Repro's side: the <c>train</c> step itself, on a prepared dataset folder, with the same CNN and optimizer.</summary>
internal static class BuiltinTrainer
{
    public static double Run(int epochs, int threads, long limit, string workDirPath)
    {
        var dataDirPath = Path.Combine(workDirPath, "fmnist");
        if (!File.Exists(Path.Combine(dataDirPath, PreparedDataset.InfoFileName)))
            Prepare(dataDirPath, limit);
        var with = JsonNode
            .Parse(
                $$"""
                {"data": "fmnist", "epochs": {{epochs}}, "batch_size": 128,
                 "model": {"type": "cnn", "channels": [32, 64], "batchnorm": true, "dropout": 0.25, "fc": [128]},
                 "optimizer": {"type": "sgd", "lr": 0.05, "momentum": 0.9, "weight_decay": 5e-4},
                 "scheduler": {"type": "cosine", "interval": "batch"}, "resume": "never"}
                """
            )!
            .AsObject();
        var request = new StepRequest
        {
            Step = "train",
            Stage = "train",
            ProjectDirPath = workDirPath,
            RunDirPath = Path.Combine(workDirPath, ".repro", "runs", "bench"),
            RunId = "bench",
            Seed = 42,
            Threads = threads,
            Device = "cpu",
            With = with,
            Outs = ["model.pt"],
            Metrics = ["metrics.json"],
            Plots = ["history.csv"],
        };
        new TrainStep(Console.Out).RunAsync(request, CancellationToken.None).GetAwaiter().GetResult();
        var last = File.ReadAllLines(Path.Combine(workDirPath, "history.csv"))[^1].Split(',');
        return double.Parse(last[^2], CultureInfo.InvariantCulture);
    }

    /// <summary>Writes the prepared-dataset folder the data step would write: uint8 images, normalised on load.</summary>
    private static void Prepare(string dirPath, long limit)
    {
        var (xtr, ytr) = FashionMnist.Load("train");
        var (xte, yte) = FashionMnist.Load("t10k");
        if (limit < xtr.shape[0])
            (xtr, ytr) = (xtr.narrow(0, 0, limit), ytr.narrow(0, 0, limit));
        // A small validation split: evaluation time is not part of samples/s, and the bench should stay short.
        (xte, yte) = (xte.narrow(0, 0, 2000), yte.narrow(0, 0, 2000));
        var info = new DatasetInfo
        {
            Kind = DatasetKinds.Classification,
            Producer = "bench",
            NumClasses = 10,
            InputShape = [1, 28, 28],
            Normalization = new Normalization
            {
                Scale = 255,
                Mean = [0.2860],
                Std = [0.3530],
            },
            Splits = new Dictionary<string, long>(),
        };
        PreparedDataset.Save(dirPath, info, new Dictionary<string, DatasetSplit> { ["train"] = new(xtr, ytr), ["val"] = new(xte, yte) });
    }
}
