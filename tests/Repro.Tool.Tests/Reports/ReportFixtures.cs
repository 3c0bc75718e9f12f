using System.Text.Json.Nodes;
using Repro.Core.Experiments;
using Repro.Core.Lock;
using Repro.Core.Search;
using Repro.Core.Search.Pruners;
using Repro.Core.Search.Samplers;
using Repro.Tool.Reports;
using SpaceModel = Repro.Core.Search.SearchSpace.SearchSpace;

namespace Repro.Tool.Tests.Reports;

/// <summary>The content of a small report, built through the real APIs: a run's snapshot and curves, repro.lock, a real study.</summary>
internal static class ReportFixtures
{
    public const int Epochs = 6;

    /// <summary>A run with per-epoch curves and a confusion matrix, compared with repro.lock read from its YAML.</summary>
    public static ReportExperiment Run(string name, double lr)
    {
        var points = new List<(string, long, string, double)>();
        for (var epoch = 1; epoch <= Epochs; epoch++)
        {
            var progress = 1 - Math.Exp(-lr * 20 * epoch);
            points.Add(("train", epoch, "train_loss", 2.3 * (1 - progress) + 0.2));
            points.Add(("train", epoch, "val_loss", 2.3 * (1 - progress) + 0.3));
            points.Add(("train", epoch, "train_acc", 0.1 + 0.85 * progress));
            points.Add(("train", epoch, "val_acc", 0.1 + 0.8 * progress));
            points.Add(("train", epoch, "lr", lr * Math.Cos(Math.PI * (epoch - 1) / (2 * Epochs))));
        }
        var snapshot = new ExperimentSnapshot
        {
            Id = $"{name}-0123456789",
            Name = name,
            CreatedAt = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
            GitCommit = "4f2a9c1d0e",
            GitDirty = false,
            PipelineSeed = 42,
            Params = new Dictionary<string, JsonNode?> { ["train.lr"] = lr, ["train.epochs"] = Epochs },
            Metrics = new Dictionary<string, double>
            {
                ["val_acc"] = points.Last(p => p.Item3 == "val_acc").Item4,
                ["eval.loss"] = 0.4 + lr,
            },
            Environment = EnvironmentFacts.Collect(new Dictionary<string, string> { ["torchsharp"] = "0.107.0" }),
        };
        var confusion = new ConfusionMatrix(
            "evaluate",
            ["cat", "dog", "bird"],
            [
                [50, 3, 2],
                [4, 45, 6],
                [1, 5, 49],
            ]
        );
        return new ReportExperiment(snapshot, MetricSeries.Group(points), [confusion]);
    }

    /// <summary>repro.lock as a reader of the committed file sees it: final metrics, no curves.</summary>
    public static ReportExperiment Lock()
    {
        var stage = new StageLock(
            "train",
            "fp-train",
            7,
            new Dictionary<string, JsonNode?> { ["train.lr"] = 0.05 },
            [],
            [],
            new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["metrics/train.json"] = new Dictionary<string, double> { ["val_acc"] = 0.85 },
            }
        );
        return new ReportExperiment(
            LockSnapshot.From(new LockFile(42, new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["train.lr"] = 0.1 }, [stage])),
            [],
            []
        );
    }

    /// <summary>A real TPE study with a median pruner over a simulated training curve; some trials are pruned.</summary>
    public static Study Study(int trials, int epochs = 5, IStudyStorage? storage = null)
    {
        var space = SpaceModel.Parse(
            JsonNode
                .Parse(
                    """{"train.lr": "loguniform(1e-4, 1e-1)", "train.dropout": "uniform(0, 0.5)", "train.optimizer": "choice(sgd, adam)"}"""
                )!
                .AsObject()
        );
        var study = Core.Search.Study.CreateOrLoad(
            storage ?? new InMemoryStudyStorage(),
            new StudyRecord("tune", StudyDirection.Maximize, 42),
            space,
            SamplerFactory.Create("tpe", space),
            new MedianPruner(new MedianPrunerOptions { StartupTrials = 3 })
        );
        study.Optimize(
            trials,
            trial =>
            {
                var lr = trial.Float("train.lr");
                var dropout = trial.Float("train.dropout");
                var bonus = (string)trial.Params["train.optimizer"] == "adam" ? 0.02 : 0.0;
                var ceiling = 0.9 - 0.3 * Math.Pow(Math.Log10(lr) + 2, 2) / 4 - 0.1 * Math.Abs(dropout - 0.2) + bonus;
                var accuracy = 0.0;
                for (var epoch = 1; epoch <= epochs; epoch++)
                {
                    accuracy = ceiling * (1 - Math.Exp(-epoch / 2.0));
                    if (trial.Report(epoch, accuracy))
                        break;
                }
                return accuracy;
            }
        );
        return study;
    }
}
