using System.Diagnostics;
using Repro.Tests.Shared;
using Repro.Training.Models;
using Repro.Training.Training;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Training;

[Collection("Torch")]
public class TrainerTests
{
    private static readonly TrainerOptions Options = new()
    {
        Epochs = 4,
        BatchSize = 32,
        Seed = 3,
        GradClip = 1.0,
        LabelSmoothing = 0.05,
        Augmentation = new AugmentationOptions { GaussianNoise = 0.05 },
    };

    [Fact]
    public void Training_a_tiny_mlp_learns_a_separable_problem()
    {
        using var data = new TinyProblem();
        var (model, trainer) = TinyProblem.Build(Options with { Epochs = 8 });
        using var _ = model;

        var result = trainer.Fit(data.Train, data.Val);

        result.EpochsRun.Should().Be(8);
        result.History[^1].TrainLoss.Should().BeLessThan(result.History[0].TrainLoss);
        result.History[^1].ValAcc.Should().BeGreaterThan(0.8, "chance is 0.5");
        result.StopReason.Should().Be("completed");
    }

    [Fact]
    public void Two_runs_with_the_same_seed_write_bit_identical_model_files_and_metrics()
    {
        using var dir = TempDir.Create();
        using var data = new TinyProblem();

        var first = TrainAndSave(data, dir.Resolve("a.pt"));
        var second = TrainAndSave(data, dir.Resolve("b.pt"));

        File.ReadAllBytes(dir.Resolve("a.pt")).Should().Equal(File.ReadAllBytes(dir.Resolve("b.pt")));
        second.History.Select(h => h.Values()).Should().BeEquivalentTo(first.History.Select(h => h.Values()), o => o.WithStrictOrdering());
    }

    [Fact]
    public void A_run_resumed_from_its_last_checkpoint_ends_exactly_where_an_uninterrupted_run_ends()
    {
        using var dir = TempDir.Create();
        using var data = new TinyProblem();
        var whole = TrainAndSave(data, dir.Resolve("whole.pt"));

        // Interrupted: the observer stops after epoch 2, as an engine "stop" would; last.ckpt holds epoch 2.
        var options = Options with
        {
            CheckpointDirPath = dir.Resolve("ckpt"),
            ConfigurationHash = "h1",
        };
        var (first, firstTrainer) = TinyProblem.Build(options);
        using (first)
            firstTrainer.Fit(data.Train, data.Val, new StopAfter(2)).EpochsRun.Should().Be(2);
        // Another process would start from scratch: scramble torch's global RNG to prove the checkpoint restores it.
        manual_seed(999);
        var (resumed, resumedTrainer) = TinyProblem.Build(options with { ResumeFromPath = dir.Resolve("ckpt/last.ckpt") });
        using (resumed)
        {
            var result = resumedTrainer.Fit(data.Train, data.Val);
            ModelFile.Save(resumed, dir.Resolve("resumed.pt"));
            result
                .History.Select(h => h.Values())
                .Should()
                .BeEquivalentTo(whole.History.Select(h => h.Values()), o => o.WithStrictOrdering());
        }

        File.ReadAllBytes(dir.Resolve("resumed.pt")).Should().Equal(File.ReadAllBytes(dir.Resolve("whole.pt")));
    }

    [Fact]
    public void Resuming_from_a_checkpoint_of_another_configuration_is_an_input_error()
    {
        using var dir = TempDir.Create();
        using var data = new TinyProblem();
        var options = Options with { Epochs = 1, CheckpointDirPath = dir.Path, ConfigurationHash = "h1" };
        var (model, trainer) = TinyProblem.Build(options);
        using (model)
            trainer.Fit(data.Train, data.Val);
        var (other, otherTrainer) = TinyProblem.Build(options with { ConfigurationHash = "h2", ResumeFromPath = dir.Resolve("last.ckpt") });
        using var _ = other;

        var act = () => otherTrainer.Fit(data.Train, data.Val);

        act.Should().Throw<Repro.Core.ReproException>().WithMessage("*different configuration*");
    }

    [Fact]
    public void Early_stopping_ends_after_patience_epochs_and_keeps_the_best_epochs_weights()
    {
        using var data = new TinyProblem();
        // A learning rate far too high for sgd makes the validation loss wander, so the best epoch is not the last.
        var options = Options with
        {
            Epochs = 12,
            EarlyStopping = new EarlyStoppingOptions { Metric = "val_acc", Patience = 2 },
        };
        var (model, trainer) = TinyProblem.Build(options);
        using var _ = model;

        var result = trainer.Fit(data.Train, data.Val);

        var best = result.History.Max(h => h.ValAcc!.Value);
        result.Best.ValAcc.Should().Be(best);
        result.History.Select(h => h.ValAcc!.Value).ToList().IndexOf(best).Should().Be(result.BestEpoch - 1);
        if (result.StopReason == "early_stopped")
            result.EpochsRun.Should().Be(result.BestEpoch + 2);
        trainer.Evaluate(data.Val).Accuracy.Should().Be(best);
        trainer.Evaluate(data.Val).Loss.Should().BeApproximately(result.Best.ValLoss!.Value, 1e-6);
    }

    [Fact]
    public void An_observer_that_says_stop_ends_training_after_that_epoch()
    {
        using var data = new TinyProblem();
        var (model, trainer) = TinyProblem.Build(Options);
        using var _ = model;

        var result = trainer.Fit(data.Train, data.Val, new StopAfter(1));

        result.EpochsRun.Should().Be(1);
        result.StopReason.Should().Be("stopped");
    }

    [Fact]
    public void Twenty_epochs_do_not_grow_native_memory()
    {
        using var data = new TinyProblem(samples: 512);
        var (model, trainer) = TinyProblem.Build(Options with { Epochs = 20, BatchSize = 32 });
        using var _ = model;
        var rss = new RssProbe();

        trainer.Fit(data.Train, data.Val, rss);

        // A leak of each batch's graph (12 batches an epoch, 15 epochs) would add megabytes; allow allocator noise.
        // bench/training measures the same on the real CNN, where a leak would be hundreds of megabytes.
        (rss.Samples[^1] - rss.Samples[4])
            .Should()
            .BeLessThan(8L << 20, $"RSS per epoch: {string.Join(", ", rss.Samples.Select(s => s >> 20))} MiB");
    }

    private static TrainingResult TrainAndSave(TinyProblem data, string path)
    {
        var (model, trainer) = TinyProblem.Build(Options);
        using var _ = model;
        var result = trainer.Fit(data.Train, data.Val);
        ModelFile.Save(model, path);
        return result;
    }

    private sealed class StopAfter(int epochs) : ITrainingObserver
    {
        public bool EpochEnded(EpochMetrics metrics) => metrics.Epoch < epochs;
    }

    private sealed class RssProbe : ITrainingObserver
    {
        public List<long> Samples { get; } = [];

        public bool EpochEnded(EpochMetrics metrics)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var self = Process.GetCurrentProcess();
            Samples.Add(self.WorkingSet64);
            return true;
        }
    }
}
