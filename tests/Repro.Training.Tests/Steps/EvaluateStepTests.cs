using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Tests.Shared;
using Repro.Training.Data;
using Repro.Training.Metrics;
using Repro.Training.Models;
using Repro.Training.Steps;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Steps;

[Collection("Torch")]
public class EvaluateStepTests
{
    [Fact]
    public async Task Evaluate_writes_metrics_that_agree_with_the_models_own_predictions()
    {
        // Arrange: a random 3-class dataset and an untrained MLP saved as a model file.
        using var project = TempDir.Create();
        manual_seed(3);
        var x = randn([40, 4]);
        var y = randint(0, 3, [40], dtype: ScalarType.Int64);
        PreparedDataset.Save(
            project.Resolve("data"),
            TabularInfo(DatasetKinds.Classification, 3),
            new Dictionary<string, DatasetSplit> { ["test"] = new(x, y) }
        );
        using var model = ModelFactory.Create(
            new ModelSpec
            {
                Type = "mlp",
                InputShape = [4],
                Outputs = 3,
                Hidden = [8],
            }
        );
        ModelFile.Save(model, project.Resolve("model.bin"));
        model.eval();
        var expected = ConfusionMatrix.From(
            [.. y.data<long>().ToArray().Select(v => (int)v)],
            [.. model.forward(x).argmax(1).data<long>().ToArray().Select(v => (int)v)],
            3
        );
        var request = StepRequests.For(
            "evaluate",
            project.Path,
            """{"data": "data", "model": "model.bin", "batch_size": 16}""",
            outs: ["confusion.csv"],
            metrics: ["eval.json"]
        );

        // Act
        await new EvaluateStep().RunAsync(request, default);

        // Assert
        var metrics = JsonNode.Parse(project.Read("eval.json"))!.AsObject();
        metrics["split"]!.GetValue<string>().Should().Be("test");
        metrics["samples"]!.GetValue<long>().Should().Be(40);
        metrics["accuracy"]!.GetValue<double>().Should().BeApproximately(expected.Accuracy, 1e-12);
        metrics["f1_macro"]!.GetValue<double>().Should().BeApproximately(expected.F1Macro, 1e-12);
        metrics["loss"]!.GetValue<double>().Should().BeApproximately(nn.functional.cross_entropy(model.forward(x), y).item<float>(), 1e-4);
        metrics["roc_auc_ovr"]!.GetValue<double>().Should().BeInRange(0, 1);
        metrics["per_class"]!.AsObject().Select(p => p.Key).Should().Equal("c0", "c1", "c2");
        project.Read("confusion.csv").Should().Be(expected.ToCsv(["c0", "c1", "c2"]));
    }

    [Fact]
    public async Task Evaluating_a_regression_model_reports_mse_mae_and_r2()
    {
        using var project = TempDir.Create();
        manual_seed(4);
        var x = randn([20, 3]);
        var y = randn([20]);
        PreparedDataset.Save(
            project.Resolve("data"),
            TabularInfo(DatasetKinds.Regression, 0),
            new Dictionary<string, DatasetSplit> { ["val"] = new(x, y) }
        );
        using var model = ModelFactory.Create(
            new ModelSpec
            {
                Type = "mlp",
                InputShape = [3],
                Outputs = 1,
                Hidden = [4],
                Task = "regression",
            }
        );
        ModelFile.Save(model, project.Resolve("model.bin"));
        model.eval();
        var predicted = model.forward(x).reshape(20).to_type(ScalarType.Float64).data<double>().ToArray();
        var expected = RegressionMetrics.From(y.to_type(ScalarType.Float64).data<double>().ToArray(), predicted);

        await new EvaluateStep().RunAsync(
            StepRequests.For(
                "evaluate",
                project.Path,
                """{"data": "data", "model": "model.bin", "split": "val"}""",
                outs: [],
                metrics: ["m.json"]
            ),
            default
        );

        var metrics = JsonNode.Parse(project.Read("m.json"))!.AsObject();
        metrics["mse"]!.GetValue<double>().Should().BeApproximately(expected.Mse, 1e-6);
        metrics["mae"]!.GetValue<double>().Should().BeApproximately(expected.Mae, 1e-6);
        metrics["r2"]!.GetValue<double>().Should().BeApproximately(expected.R2, 1e-5);
    }

    [Fact]
    public async Task A_missing_model_file_is_reported_at_its_key()
    {
        using var project = TempDir.Create();
        var request = StepRequests.For(
            "evaluate",
            project.Path,
            """{"data": "data", "model": "nope.bin", "split": "tset"}""",
            metrics: ["m.json"],
            locations: new() { ["with.split"] = new("pipeline.yaml", 9, 16) }
        );

        var act = () => new EvaluateStep().RunAsync(request, default);

        (await act.Should().ThrowAsync<ReproException>())
            .Which.Message.Should()
            .Be(
                "pipeline.yaml:9:16: error: unknown split 'tset'; expected one of train, val, test"
                    + Environment.NewLine
                    + "  hint: did you mean 'test'?"
            );
    }

    [Fact]
    public void Mistakes_in_evaluate_arguments_fail_when_the_pipeline_loads()
    {
        using var project = TempDir.Create();

        var problems = LoadedPipelines.Problems(
            project,
            """
            stages:
              evaluate:
                uses: evaluate
                with: { data: data/prepared, modle: models/model.pt, split: tset, batch_size: 0 }
                metrics: [metrics/eval.json]
            """,
            new EvaluateStep()
        );

        problems
            .Should()
            .Be(
                """
                pipeline.yaml:4:11: error: missing required key 'with.model'
                pipeline.yaml:4:41: error: unknown key 'with.modle'
                  hint: did you mean 'model'?
                pipeline.yaml:4:65: error: unknown split 'tset'; expected one of train, val, test
                  hint: did you mean 'test'?
                pipeline.yaml:4:83: error: 'with.batch_size': expected a positive integer, got 0
                """
            );
    }

    private static DatasetInfo TabularInfo(string kind, int classes) =>
        new()
        {
            Kind = kind,
            Producer = "test",
            NumClasses = classes,
            ClassNames = [.. Enumerable.Range(0, classes).Select(c => $"c{c}")],
            InputShape = [4],
            Normalization = Normalization.None,
            Splits = new Dictionary<string, long>(),
        };
}
