using System.Text.Json;

namespace Repro.Tool.Tests.Commands;

public class ExperimentCommandsTests : IDisposable
{
    private readonly ExperimentsFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task I_can_list_experiments_with_the_params_that_differ_and_their_metrics()
    {
        fixture.AddRun("baseline", 0.1, new Dictionary<string, double> { ["val_acc"] = 0.81 });
        fixture.AddRun("lower-lr", 0.01, new Dictionary<string, double> { ["val_acc"] = 0.86 });

        var result = await CliRunner.RunAsync(fixture.Project, "exp", "list");

        result.ExitCode.Should().Be(0, result.Error);
        var lines = result.Out.TrimEnd().Split('\n');
        lines[0]
            .Should()
            .MatchRegex(@"^name\s+id\s+created\s+status\s+train\.lr\s+val_acc$", "only train.lr differs, so train.epochs is not a column");
        lines[1].Should().MatchRegex(@"^lower-lr\s+.*succeeded\s+0\.01\s+0\.86$", "the newest run comes first");
        lines[2].Should().MatchRegex(@"^baseline\s+.*succeeded\s+0\.1\s+0\.81$");
    }

    [Fact]
    public async Task Sampled_params_show_6_significant_digits_and_count_as_changed_on_their_exact_values()
    {
        fixture.AddRun("trial-0", 0.0087467612345678, new Dictionary<string, double> { ["val_acc"] = 0.8505 });
        fixture.AddRun("trial-1", 0.0087467612345699, new Dictionary<string, double> { ["val_acc"] = 0.8639 });

        var result = await CliRunner.RunAsync(fixture.Project, "exp", "list");

        result.ExitCode.Should().Be(0, result.Error);
        var lines = result.Out.TrimEnd().Split('\n');
        lines[0].Should().MatchRegex(@"\strain\.lr\s", "the two learning rates differ, if only in their 15th digit");
        lines[1].Should().MatchRegex(@"^trial-1\s+.*succeeded\s+0\.00874676\s+0\.8639$");
        lines[2].Should().MatchRegex(@"^trial-0\s+.*succeeded\s+0\.00874676\s+0\.8505$");
    }

    [Fact]
    public async Task The_metric_columns_are_those_that_differ_first_and_never_the_trainers_hparams()
    {
        // What the built-in trainer writes: 7 metrics and every resolved argument as hparams.*.
        Dictionary<string, double> TrainMetrics(double trainAcc, double valAcc, double valLoss) =>
            new()
            {
                ["best_epoch"] = 8,
                ["epochs_run"] = 8,
                ["hparams.amp"] = 0,
                ["hparams.batch_size"] = 128,
                ["parameters"] = 105962,
                ["train_acc"] = trainAcc,
                ["train_loss"] = 0.31,
                ["val_acc"] = valAcc,
                ["val_loss"] = valLoss,
            };
        fixture.AddRun("a", 0.1, TrainMetrics(0.88, 0.86, 0.39));
        fixture.AddRun("b", 0.01, TrainMetrics(0.84, 0.83, 0.45));

        var result = await CliRunner.RunAsync(fixture.Project, "exp", "list");

        result.ExitCode.Should().Be(0, result.Error);
        result
            .Out.Split('\n')[0]
            .Should()
            .MatchRegex(
                @"\strain\.lr\s+best_epoch\s+epochs_run\s+parameters\s+train_acc\s+val_acc\s+val_loss$",
                "the 3 metrics that differ, then the first 3 of those that do not; train_loss, equal in both, has no room"
            );
    }

    [Fact]
    public async Task I_can_sort_experiments_by_a_metric_and_limit_the_list()
    {
        fixture.AddRun("a", 0.1, new Dictionary<string, double> { ["val_acc"] = 0.7 });
        fixture.AddRun("b", 0.2, new Dictionary<string, double> { ["val_acc"] = 0.9 });
        fixture.AddRun("c", 0.3, new Dictionary<string, double> { ["val_acc"] = 0.8 });

        var result = await CliRunner.RunAsync(fixture.Project, "exp", "list", "--sort", "val_acc", "--limit", "2", "--json");

        result.ExitCode.Should().Be(0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        json.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()).Should().Equal("b", "c");
    }

    [Fact]
    public async Task Show_json_has_the_whole_record()
    {
        fixture.AddRun("baseline", 0.1, new Dictionary<string, double> { ["val_acc"] = 0.81 });

        var result = await CliRunner.RunAsync(fixture.Project, "exp", "show", "baseline", "--json");

        result.ExitCode.Should().Be(0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        root.GetProperty("name").GetString().Should().Be("baseline");
        root.GetProperty("git").GetProperty("commit").GetString().Should().Be("abc123");
        root.GetProperty("params").GetProperty("train").GetProperty("lr").GetDouble().Should().Be(0.1);
        root.GetProperty("metrics").GetProperty("train").GetProperty("val_acc").GetDouble().Should().Be(0.81);
        root.GetProperty("stages")[0].GetProperty("name").GetString().Should().Be("train");
        root.GetProperty("env").GetProperty("os").GetString().Should().Be("linux");
    }

    [Fact]
    public async Task An_unknown_experiment_exits_2_listing_close_matches()
    {
        fixture.AddRun("baseline", 0.1, new Dictionary<string, double> { ["val_acc"] = 0.81 });
        fixture.AddRun("baseline-2", 0.1, new Dictionary<string, double> { ["val_acc"] = 0.81 });

        var result = await CliRunner.RunAsync(fixture.Project, "exp", "show", "baseline3");

        result.ExitCode.Should().Be(2);
        result
            .Error.Should()
            .Be(
                """
                error: no experiment is named or has an id starting with 'baseline3'
                  hint: did you mean 'baseline', 'baseline-2'?

                """.ReplaceLineEndings("\n")
            );
    }

    [Fact]
    public async Task Diff_json_lists_changed_params_and_metric_deltas()
    {
        fixture.AddRun("one", 1, new Dictionary<string, double> { ["score"] = 2, ["loss"] = 0.5 });
        fixture.AddRun("two", 2, new Dictionary<string, double> { ["score"] = 4, ["loss"] = 0.5 });

        var result = await CliRunner.RunAsync(fixture.Project, "diff", "one", "two", "--json");

        result.ExitCode.Should().Be(0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var param = json.RootElement.GetProperty("params").EnumerateArray().Should().ContainSingle().Subject;
        param.GetProperty("path").GetString().Should().Be("train.lr");
        param.GetProperty("a").GetDouble().Should().Be(1);
        param.GetProperty("b").GetDouble().Should().Be(2);
        var metric = json.RootElement.GetProperty("metrics").EnumerateArray().Should().ContainSingle().Subject;
        metric.GetProperty("path").GetString().Should().Be("score");
        metric.GetProperty("delta").GetDouble().Should().Be(2);
    }

    [Fact]
    public async Task Diff_markdown_is_a_table_for_a_pull_request()
    {
        fixture.AddRun("one", 1, new Dictionary<string, double> { ["score"] = 2 });
        fixture.AddRun("two", 2, new Dictionary<string, double> { ["score"] = 4 });

        var result = await CliRunner.RunAsync(fixture.Project, "diff", "one", "last", "--md");

        result.ExitCode.Should().Be(0, result.Error);
        result.Out.Should().Contain("### one → two").And.Contain("| score | 2 | 4 | +2 (+100%) |");
    }

    [Fact]
    public async Task Removing_an_experiment_takes_it_out_of_the_list()
    {
        fixture.AddRun("keep", 1, new Dictionary<string, double> { ["score"] = 2 });
        fixture.AddRun("drop", 2, new Dictionary<string, double> { ["score"] = 4 });

        var removed = await CliRunner.RunAsync(fixture.Project, "exp", "rm", "drop");
        var list = await CliRunner.RunAsync(fixture.Project, "exp", "list", "--json");

        removed.ExitCode.Should().Be(0, removed.Error);
        using var json = JsonDocument.Parse(list.Out);
        json.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()).Should().Equal("keep");
    }

    [Fact]
    public async Task Outside_a_project_the_commands_say_how_to_start_one()
    {
        using var empty = Repro.Tests.Shared.TempDir.Create();

        var result = await CliRunner.RunAsync(empty, "exp", "list");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("no pipeline.yaml in").And.Contain("dotnet repro init");
    }
}
