using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Core.Steps;
using Repro.Tests.Shared;
using Repro.Training.Data;
using Repro.Training.Models;
using Repro.Training.Steps;
using Repro.Training.TensorBoard;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Steps;

[Collection("Torch")]
public class TrainStepTests
{
    [Fact]
    public void Two_train_stages_with_the_same_seed_write_bit_identical_models_and_metrics()
    {
        using var project = TempDir.Create();
        WriteImages(project.Resolve("data/images"));
        var with = JsonNode
            .Parse(
                """
                {"data": "data/images", "epochs": 2, "batch_size": 16,
                 "model": {"type": "cnn", "channels": [4], "fc": [8], "dropout": 0.1},
                 "optimizer": {"type": "sgd", "lr": 0.05, "momentum": 0.9},
                 "scheduler": {"type": "cosine", "interval": "batch"},
                 "augmentation": {"crop_padding": 1, "horizontal_flip": 0.5}}
                """
            )!
            .AsObject();

        Run(project, with, "run1", "a");
        Run(project, with, "run2", "b");

        File.ReadAllBytes(project.Resolve("a/model.pt")).Should().Equal(File.ReadAllBytes(project.Resolve("b/model.pt")));
        project.Read("a/metrics.json").Should().Be(project.Read("b/metrics.json"));
        var metrics = JsonNode.Parse(project.Read("a/metrics.json"))!;
        metrics["epochs_run"]!.GetValue<int>().Should().Be(2);
        metrics["best_epoch"]!.GetValue<int>().Should().Be(2);
        metrics["val_acc"]!.GetValue<double>().Should().BeInRange(0, 1);
        metrics["hparams"]!["optimizer.momentum"]!.GetValue<double>().Should().Be(0.9);
        // Defaults the user did not write are recorded too.
        metrics["hparams"]!["model.kernel_size"]!.GetValue<int>().Should().Be(3);
        metrics["hparams"]!["grad_clip"]!.GetValue<double>().Should().Be(0);
        project.Read("a/history.csv").Split('\n')[0].Should().Be("epoch,train_loss,train_acc,val_loss,val_acc,lr,samples_per_s,epoch_s");
        ModelFile.ReadSpec(project.Resolve("a/model.pt")).InputShape.Should().Equal(1, 8, 8);
    }

    [Fact]
    public void Each_epoch_goes_to_the_metrics_stream_and_a_prune_request_ends_training_cleanly()
    {
        using var project = TempDir.Create();
        WriteImages(project.Resolve("data/images"));
        var control = project.Write("control", "prune\n");
        var with = JsonNode
            .Parse("""{"data": "data/images", "epochs": 5, "batch_size": 32, "model": {"type": "mlp", "hidden": [8]}}""")!
            .AsObject();

        Run(project, with, "run1", "a", project.Resolve("stream.jsonl"), control);

        var lines = File.ReadAllLines(project.Resolve("stream.jsonl"));
        lines.Should().ContainSingle();
        var line = JsonNode.Parse(lines[0])!;
        line["step"]!.GetValue<int>().Should().Be(1);
        line["val_acc"]!.GetValue<double>().Should().BeInRange(0, 1);
        JsonNode.Parse(project.Read("a/metrics.json"))!["stop_reason"]!.GetValue<string>().Should().Be("stopped");
        File.Exists(project.Resolve("a/model.pt")).Should().BeTrue();
    }

    [Fact]
    public void Every_epoch_goes_to_the_log_and_with_the_hyperparameters_to_a_tensorboard_event_file_in_the_run_folder()
    {
        using var project = TempDir.Create();
        WriteImages(project.Resolve("data/images"));
        var with = JsonNode
            .Parse(
                """
                {"data": "data/images", "epochs": 3, "batch_size": 32, "model": {"type": "mlp", "hidden": [8]},
                 "optimizer": {"type": "sgd", "lr": 0.1}, "scheduler": {"type": "step", "step_size": 1, "gamma": 0.5}}
                """
            )!
            .AsObject();

        using var log = new StringWriter();
        Run(project, with, "run1", "a", log: log);

        log.ToString()
            .Should()
            .MatchRegex(
                @"train: epoch 3: train_loss [0-9.]+, train_acc [0-9.]+, val_loss [0-9.]+, val_acc [0-9.]+, lr 0.025, [0-9]+ samples/s"
            );
        var file = Directory.GetFiles(project.Resolve(".repro/runs/run1/tb/train")).Should().ContainSingle().Subject;
        Path.GetFileName(file).Should().StartWith("events.out.tfevents.");
        var scalars = EventFileReader.ReadScalars(file);
        foreach (var tag in new[] { "train_loss", "train_acc", "val_loss", "val_acc", "lr", "samples_per_s", "epoch_s" })
            scalars.Where(s => s.Tag == tag).Select(s => s.Step).Should().Equal([1L, 2L, 3L], tag);
        scalars.Where(s => s.Tag == "lr").Select(s => s.Value).Should().Equal(0.1f, 0.05f, 0.025f);
        // The scalars are the history CSV's numbers.
        var history = project.Read("a/history.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        var valAcc = history.Select(line => float.Parse(line.Split(',')[4], System.Globalization.CultureInfo.InvariantCulture));
        scalars.Where(s => s.Tag == "val_acc").Select(s => s.Value).Should().Equal(valAcc, (a, b) => Math.Abs(a - b) < 1e-5);
        EventFileReader
            .ReadValues(file)
            .Select(v => v.Tag)
            .Should()
            .Contain(["_hparams_/experiment", "_hparams_/session_start_info", "_hparams_/session_end_info"]);
    }

    [Fact]
    public void Bad_arguments_are_all_reported_at_once()
    {
        using var project = TempDir.Create();
        WriteImages(project.Resolve("data/images"));
        var with = JsonNode
            .Parse("""{"data": "data/images", "epochs": 0, "model": {"type": "cnnn"}, "optimizer": "adamx", "epoch": 3}""")!
            .AsObject();

        var act = () => Run(project, with, "run1", "a");

        var problems = act.Should().Throw<ReproException>().Which.Diagnostics.Select(d => d.Message).ToList();
        problems.Should().HaveCountGreaterThanOrEqualTo(4);
        problems.Should().Contain(p => p.Contains("cnnn")).And.Contain(p => p.Contains("adamx")).And.Contain(p => p.Contains("epoch"));
    }

    [Fact]
    public void An_image_model_on_sequence_data_is_an_input_error()
    {
        using var project = TempDir.Create();
        WriteImages(project.Resolve("data/images"));
        var with = JsonNode.Parse("""{"data": "data/images", "model": "lstm"}""")!.AsObject();

        var act = () => Run(project, with, "run1", "a");

        act.Should().Throw<ReproException>().WithMessage("*model 'lstm' needs samples of [time, features]*");
    }

    [Fact]
    public void Mistakes_in_train_arguments_fail_when_the_pipeline_loads_for_every_model_type()
    {
        using var project = TempDir.Create();

        var problems = LoadedPipelines.Problems(
            project,
            """
            stages:
              train:
                uses: train
                with:
                  data: data/images
                  model: { type: cnn, chanels: [8] }
                  optimizr: sgd
                  epochs: ten
                outs: [models/cnn.pt]
              lm:
                uses: train
                with: { data: data/text, model: { type: transformer_lm, d_model: 30, nhead: 4 } }
                outs: [models/lm.pt]
            """,
            new TrainStep(TextWriter.Null)
        );

        problems
            .Should()
            .Be(
                """
                pipeline.yaml:6:36: error: unknown key 'with.model.chanels'
                  hint: did you mean 'channels'?
                pipeline.yaml:7:17: error: unknown key 'with.optimizr'
                  hint: did you mean 'optimizer'?
                pipeline.yaml:8:15: error: 'with.epochs': expected a positive integer, got "ten"
                pipeline.yaml:12:81: error: d_model 30 is not divisible by nhead 4
                  hint: attention splits d_model evenly between heads
                """
            );
    }

    private static void Run(
        TempDir project,
        JsonObject with,
        string runId,
        string outDir,
        string? stream = null,
        string? control = null,
        TextWriter? log = null
    )
    {
        var request = new StepRequest
        {
            Step = "train",
            Stage = "train",
            ProjectDirPath = project.Path,
            RunDirPath = project.Resolve($".repro/runs/{runId}"),
            RunId = runId,
            Seed = 42,
            Threads = 1,
            Device = "cpu",
            With = (JsonObject)with.DeepClone(),
            Outs = [$"{outDir}/model.pt"],
            Metrics = [$"{outDir}/metrics.json"],
            Plots = [$"{outDir}/history.csv"],
            MetricsStreamPath = stream,
            ControlPath = control,
        };
        new TrainStep(log ?? TextWriter.Null).RunAsync(request, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>A tiny two-class image set: bright squares top-left or bottom-right.</summary>
    internal static void WriteImages(string dirPath)
    {
        using var generator = new Generator(3);
        using var scope = NewDisposeScope();
        var labels = randint(0, 2, [96], generator: generator);
        var images = rand([96, 1, 8, 8], generator: generator).mul(60);
        var top = labels.eq(0).view(-1, 1, 1, 1);
        var square = zeros(1, 1, 8, 8);
        square[.., .., ..4, ..4] = tensor(200f);
        var other = square.flip(2, 3);
        images = (images + where(top, square, other)).clamp(0, 255).to(uint8);
        var info = new DatasetInfo
        {
            Kind = DatasetKinds.Classification,
            Producer = "test",
            NumClasses = 2,
            InputShape = [1, 8, 8],
            Normalization = new Normalization { Scale = 255 },
            Splits = new Dictionary<string, long>(),
        };
        PreparedDataset.Save(
            dirPath,
            info,
            new Dictionary<string, DatasetSplit>
            {
                ["train"] = new(images.narrow(0, 0, 64), labels.narrow(0, 0, 64)),
                ["val"] = new(images.narrow(0, 64, 32), labels.narrow(0, 64, 32)),
            }
        );
    }
}
