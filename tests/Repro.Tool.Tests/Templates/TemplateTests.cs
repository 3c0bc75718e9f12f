using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Repro.Tests.Shared;

namespace Repro.Tool.Tests.Templates;

/// <summary>
/// The templates as a user meets them: <c>dotnet new</c>, restore against the locally packed Repro.Training, run the
/// pipeline on a small budget (a subset of the data, one epoch), change a parameter, run again and diff the two.
/// </summary>
public class TemplateTests(TemplateFixture templates) : IClassFixture<TemplateFixture>
{
    private const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    [SkippableFact]
    public async Task I_can_create_a_cnn_project_run_it_on_a_subset_change_the_learning_rate_and_diff_the_runs()
    {
        Skip.IfNot(Directory.Exists(FashionMnist), "apt-get install dataset-fashion-mnist to run the repro-cnn pipeline");
        // Arrange
        using var project = templates.Create("repro-cnn", "--epochs", "1");
        string[] small = ["--set", "data.limit=400"];

        // Act
        var first = await CliRunner.RunAsync(project, ["run", "evaluate", "train_custom", "--name", "small", .. small]);
        var second = await CliRunner.RunAsync(
            project,
            ["run", "evaluate", "train_custom", "--name", "small-lr", .. small, "--set", "train.lr=0.003"]
        );
        var diff = await CliRunner.RunAsync(project, "diff", "small", "small-lr", "--json");
        var tune = await CliRunner.RunAsync(project, ["run", "tune", .. small, "--set", "search.trials=2"]);

        // Assert
        first.ExitCode.Should().Be(0, first.Out + first.Error);
        StageLogs(project, "train_custom")
            .Should()
            .Contain("train_custom: epoch 1: train_loss")
            .And.Contain("train_custom: residual CNN with")
            .And.Contain("train_custom: oneDNN ", "the custom trainer checks oneDNN on its own model as the built-in one does");
        var custom = JsonNode.Parse(project.Read("metrics/custom.json"))!;
        custom["epochs_run"]!.GetValue<int>().Should().Be(1);
        custom["test_acc"]!.GetValue<double>().Should().BeInRange(0, 1);
        custom["hparams"]!["lr"]!.GetValue<double>().Should().Be(0.003, "the second run's --set reaches the custom trainer");
        project.Read("metrics/custom_history.csv").Should().StartWith("epoch,train_loss,train_acc,val_loss,val_acc,lr,");
        second.ExitCode.Should().Be(0, second.Out + second.Error);
        second.Out.Should().Contain("prepare: cached");
        AssertDiff(diff, "train.lr", 0.001, 0.003);
        tune.ExitCode.Should().Be(0, tune.Out + tune.Error);
        File.ReadAllLines(project.Resolve("search/trials.csv")).Should().HaveCount(3, "a header and the two trials");
        project.Read("search/best.yaml").Should().Contain("lr");
    }

    [SkippableFact]
    public async Task I_can_create_an_lstm_project_run_it_on_a_few_sequences_turn_bidirectional_off_and_diff_the_runs()
    {
        // Arrange
        using var project = templates.Create("repro-lstm", "--epochs", "1", "--no-search");

        // Act
        var first = await CliRunner.RunAsync(project, "run", "--name", "small", "--set", "data.samples=300");
        var second = await CliRunner.RunAsync(
            project,
            "run",
            "--name",
            "one-way",
            "--set",
            "data.samples=300",
            "--set",
            "train.bidirectional=false"
        );
        var diff = await CliRunner.RunAsync(project, "diff", "small", "one-way", "--json");

        // Assert
        first.ExitCode.Should().Be(0, first.Out + first.Error);
        StageLogs(project, "prepare").Should().Contain("prepare: 210 train, 45 val, 45 test sequences");
        StageLogs(project, "train_custom").Should().Contain("train_custom: epoch 1: train_loss");
        second.ExitCode.Should().Be(0, second.Out + second.Error);
        var custom = JsonNode.Parse(project.Read("metrics/custom.json"))!;
        custom["hparams"]!["bidirectional"]!.GetValue<bool>().Should().BeFalse();
        custom["test_acc"]!.GetValue<double>().Should().BeInRange(0, 1);
        AssertDiff(diff, "train.bidirectional", true, false);
    }

    [Fact]
    public async Task A_cnn_project_for_mnist_with_a_search_reads_its_data_from_mnist_and_tunes_train()
    {
        using var project = templates.Create("repro-cnn", "--dataset", "mnist");

        var dag = await CliRunner.RunAsync(project, "dag");

        dag.ExitCode.Should().Be(0, dag.Error);
        dag.Out.Should().Contain("tune").And.Contain("train_custom");
        project.Read("pipeline.yaml").Should().Contain("uses: data/mnist").And.NotContain("fashion");
        project.Read("src/CnnTrainer/CnnTrainer.csproj").Should().Contain($"Include=\"Repro.Training\" Version=\"{templates.Version}\"");
        project.Read("nuget.config").Should().Contain(templates.FeedDirPath);
        project.Exists(".github/workflows/repro-verify.yml").Should().BeTrue();
        project.Read("README.md").Should().Contain("dotnet repro diff").And.Contain("dotnet repro run tune").And.NotContain("#if");
    }

    [Fact]
    public void The_device_option_picks_the_torchsharp_package_and_the_epochs_option_sets_the_parameter()
    {
        using var project = templates.Create("repro-lstm", "--device", "cuda", "--epochs", "7", "--bidirectional", "false");

        var references = XDocument
            .Parse(project.Read("src/LstmTrainer/LstmTrainer.csproj"))
            .Descendants("PackageReference")
            .Select(r => (string?)r.Attribute("Include"));
        references.Should().Equal("Repro.Training", "TorchSharp-cuda-linux");
        var parameters = project.Read("params.yaml");
        parameters.Should().Contain("epochs: 7").And.Contain("device: cuda").And.Contain("bidirectional: false");
        project.Read("pipeline.yaml").Should().Contain("tune:");
    }

    [Fact]
    public void The_templates_reference_the_repro_version_this_repo_builds_by_default()
    {
        var version = XDocument.Load(Path.Combine(templates.RepoDirPath, "Directory.Build.props")).Descendants("Version").Single().Value;

        foreach (var template in new[] { "repro-cnn", "repro-lstm" })
        {
            var json = JsonNode.Parse(
                File.ReadAllText(Path.Combine(templates.RepoDirPath, "templates", "content", template, ".template.config", "template.json"))
            )!;
            json["symbols"]!["reproVersion"]!["defaultValue"]!.GetValue<string>().Should().Be(version, template);
        }
    }

    /// <summary>What <paramref name="stage"/> printed in every run so far (its log files under .repro/runs).</summary>
    private static string StageLogs(TempDir project, string stage) =>
        string.Concat(
            Directory.GetFiles(project.Resolve(".repro/runs"), stage + ".log", SearchOption.AllDirectories).Select(File.ReadAllText)
        );

    private static void AssertDiff(CliRunner.Result diff, string param, object a, object b)
    {
        diff.ExitCode.Should().Be(0, diff.Error);
        using var json = JsonDocument.Parse(diff.Out);
        var changed = json
            .RootElement.GetProperty("params")
            .EnumerateArray()
            .Should()
            .ContainSingle(p => p.GetProperty("path").GetString() == param)
            .Subject;
        changed.GetProperty("a").GetRawText().Should().Be(JsonSerializer.Serialize(a));
        changed.GetProperty("b").GetRawText().Should().Be(JsonSerializer.Serialize(b));
        json.RootElement.GetProperty("metrics")
            .EnumerateArray()
            .Select(m => m.GetProperty("path").GetString())
            .Should()
            .Contain(p => p!.StartsWith("train:", StringComparison.Ordinal), "the built-in trainer's metrics changed")
            .And.Contain(p => p!.StartsWith("train_custom:", StringComparison.Ordinal), "the custom trainer's metrics are recorded too");
    }
}
