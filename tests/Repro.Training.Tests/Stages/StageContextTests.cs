using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Tests.Shared;
using Repro.Training.Reporting;
using Repro.Training.Stages;
using Repro.Training.Tests.Training;
using Repro.Training.Training;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Stages;

[Collection("Torch")]
public class StageContextTests
{
    /// <summary>The variables the engine sets for a run: stage, seed, params, streams, declared paths.</summary>
    private static Dictionary<string, string?> Environment(TempDir project)
    {
        var runDirPath = project.Resolve(".repro/runs/r1");
        Directory.CreateDirectory(runDirPath);
        project.Write(".repro/runs/r1/params.json", """{"train": {"lr": 0.01, "epochs": 2}}""");
        return new()
        {
            [StageVariables.Stage] = "train_custom",
            [StageVariables.Seed] = "1234",
            [StageVariables.RunId] = "r1",
            [StageVariables.Params] = Path.Combine(runDirPath, "params.json"),
            [StageVariables.MetricsStream] = Path.Combine(runDirPath, "train_custom.metrics.jsonl"),
            [StageVariables.Control] = Path.Combine(runDirPath, "train_custom.control"),
            [StageVariables.RunDir] = runDirPath,
            [StageVariables.Threads] = "1",
            [StageVariables.Outs] = "models/custom.pt:models/extra",
            [StageVariables.MetricsFiles] = "metrics/custom.json",
            [StageVariables.PlotFiles] = "metrics/custom_history.csv",
        };
    }

    [Fact]
    public void The_context_reads_what_the_engine_passes()
    {
        // Arrange
        using var project = TempDir.Create();
        var variables = Environment(project);

        // Act
        using var stage = StageContext.FromVariables(name => variables.GetValueOrDefault(name), project.Path, TextWriter.Null);

        // Assert
        stage.IsUnderRepro.Should().BeTrue();
        stage.Stage.Should().Be("train_custom");
        stage.Seed.Should().Be(1234);
        stage.RunId.Should().Be("r1");
        stage.ThreadBudget.Should().Be(1);
        stage.Params.Get<double>("train.lr").Should().Be(0.01);
        stage.Outs.Should().Equal(project.Resolve("models/custom.pt"), project.Resolve("models/extra"));
        stage.OutPath(0).Should().Be(project.Resolve("models/custom.pt"));
        stage.MetricsPaths.Should().Equal(project.Resolve("metrics/custom.json"));
        stage.CheckpointDirPath.Should().Be(project.Resolve(".repro/runs/r1/checkpoints/train_custom"));
        stage
            .TrainerOptions(3, 16)
            .Should()
            .BeEquivalentTo(
                new TrainerOptions
                {
                    Epochs = 3,
                    BatchSize = 16,
                    Seed = 1234,
                    CheckpointDirPath = stage.CheckpointDirPath,
                }
            );
    }

    [Fact]
    public void Outside_repro_a_trainer_that_needs_a_declared_path_says_how_to_run_it()
    {
        using var project = TempDir.Create();
        using var stage = StageContext.FromVariables(_ => null, project.Path, TextWriter.Null);

        var act = () => stage.OutPath(0);

        stage.IsUnderRepro.Should().BeFalse();
        stage.CheckpointDirPath.Should().BeNull();
        act.Should().Throw<ReproException>().Which.Diagnostics.Single().Hint.Should().Be("run it with `dotnet repro run <stage>`");
    }

    [Fact]
    public void Seeding_through_the_context_makes_two_trainings_identical()
    {
        using var project = TempDir.Create();
        var variables = Environment(project);
        using var data = new TinyProblem();

        var first = TrainTiny(project, variables, data);
        var second = TrainTiny(project, variables, data);

        second.Should().Equal(first);
    }

    [Fact]
    public void Epochs_reach_the_log_the_metrics_stream_the_history_csv_and_the_metrics_file()
    {
        // Arrange
        using var project = TempDir.Create();
        var variables = Environment(project);
        var log = new StringWriter();
        using var data = new TinyProblem();
        using var stage = StageContext.FromVariables(name => variables.GetValueOrDefault(name), project.Path, log);
        var settings = stage.SetupTorch("cpu", threads: 1);
        var (model, trainer) = TinyProblem.Build(stage.TrainerOptions(epochs: 2, batchSize: 32));
        using var _ = model;

        // Act
        var result = trainer.Fit(data.Train, data.Val, stage.Reporter);
        stage.WriteMetrics(TrainingMetrics.From(result, model.ParameterCount, settings, stage.Params.Section("train")));

        // Assert
        log.ToString().Should().Contain("train_custom: epoch 1: train_loss ").And.Contain("train_custom: epoch 2: ");
        var stream = File.ReadAllLines(variables[StageVariables.MetricsStream]!);
        stream.Should().HaveCount(2);
        JsonNode.Parse(stream[1])!["step"]!.GetValue<long>().Should().Be(2);
        JsonNode.Parse(stream[1])!["val_acc"]!.GetValue<double>().Should().Be(result.History[1].ValAcc!.Value);
        project.Read("metrics/custom_history.csv").Should().StartWith("epoch,train_loss,train_acc,val_loss,val_acc,lr,");
        var metrics = JsonNode.Parse(project.Read("metrics/custom.json"))!;
        metrics["epochs_run"]!.GetValue<int>().Should().Be(2);
        metrics["hparams"]!["lr"]!.GetValue<double>().Should().Be(0.01);
        metrics["determinism"]!.GetValue<string>().Should().Be("cpu-exact");
        File.Exists(project.Resolve(".repro/runs/r1/checkpoints/train_custom/last.ckpt")).Should().BeTrue();
    }

    [Fact]
    public void A_prune_written_to_the_control_file_stops_training_after_the_epoch()
    {
        using var project = TempDir.Create();
        var variables = Environment(project);
        File.WriteAllText(variables[StageVariables.Control]!, "prune\n");
        using var data = new TinyProblem();
        var log = new StringWriter();
        using var stage = StageContext.FromVariables(name => variables.GetValueOrDefault(name), project.Path, log);
        stage.SetupTorch("cpu", threads: 1);
        var (model, trainer) = TinyProblem.Build(stage.TrainerOptions(epochs: 5, batchSize: 32));
        using var _ = model;

        var result = trainer.Fit(data.Train, data.Val, stage.Reporter);

        stage.ShouldStop.Should().BeTrue();
        stage.Reporter.StopCommand.Should().Be(ControlCommand.Prune);
        result.EpochsRun.Should().Be(1);
        result.StopReason.Should().Be("stopped");
        log.ToString().Should().Contain("train_custom: prune requested by the engine after epoch 1");
    }

    private static IReadOnlyList<float> TrainTiny(TempDir project, Dictionary<string, string?> variables, TinyProblem data)
    {
        using var stage = StageContext.FromVariables(name => variables.GetValueOrDefault(name), project.Path, TextWriter.Null);
        stage.SetupTorch("cpu", threads: 1);
        using var model = Repro.Training.Models.ModelFactory.Create(TinyProblem.Spec);
        using var generator = stage.CreateGenerator();
        using var order = randperm(data.Train.Count, generator: generator);
        using var noGrad = no_grad();
        using var logits = model.forward(data.Train.X.index_select(0, order));
        return logits.data<float>().ToArray();
    }
}
