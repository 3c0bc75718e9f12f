using System.Globalization;
using System.Text.Json;
using Repro.Core.Lock;
using Repro.Core.Store;
using Repro.Tests.Shared;
using Repro.Tool.Tests.Reports;
using Xunit.Abstractions;

namespace Repro.Tool.Tests.Commands;

public sealed class PlotsCommandTests(ITestOutputHelper output)
{
    private const int Epochs = 5;

    [SkippableFact]
    public async Task I_can_plot_the_last_run_against_the_lock_and_see_its_curves_confusion_matrix_and_pipeline_plots_in_a_browser()
    {
        // Arrange
        using var project = TempDir.Create();
        Record(project, "first-run", new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), lr: 0.1);
        Record(project, "second-run", new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero), lr: 0.05);
        var study = SearchIn(project, trials: 16);

        // Act
        var result = await CliRunner.RunAsync(project, "plots", "-o", "out/report.html");

        // Assert
        result.ExitCode.Should().Be(0, result.Error);
        result.Out.Should().StartWith("wrote out/report.html");
        var html = project.Read("out/report.html");
        html.Should()
            .Contain(
                "<td>val_acc</td><td>0.8</td><td>0.85</td><td>+0.05 (+6.25%)</td>",
                "deltas against the first experiment (last), as repro diff prints them"
            );
        // plotly.js itself names URLs (map shapes, its logo link) that the report never loads: look outside the library.
        var page = System.Text.RegularExpressions.Regex.Replace(
            html,
            @"<script>/\*! plotly\.js .*?</script>",
            "",
            System.Text.RegularExpressions.RegexOptions.Singleline
        );
        page.Length.Should().BeLessThan(html.Length / 2, "the library is inlined once");
        System
            .Text.RegularExpressions.Regex.IsMatch(page, "(src|href)\\s*=\\s*[\"']?(https?:)?//|https?://")
            .Should()
            .BeFalse("the page must open without network");
        html.Should().Contain("Plotly.newPlot(").And.Contain("plotly.js 2.28.0");
        var browser = HeadlessChromium.Find(out var reason);
        if (browser is null)
            output.WriteLine($"skipped the browser part: {reason}");
        Skip.If(browser is null, reason);
        using var probe = HeadlessChromium.Probe(browser!, project.Resolve("out/report.html"), project);
        probe.RootElement.GetProperty("errors").EnumerateArray().Should().BeEmpty();
        var charts = probe.RootElement.GetProperty("charts").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        charts
            .Keys.Should()
            .BeEquivalentTo("curves-loss", "curves-accuracy", "confusion-0", "plot-0", "tune-history", "tune-parallel", "tune-importance");
        var complete = study.Trials.Count(t => t.State == Core.Search.TrialState.Complete);
        charts["tune-history"].GetProperty("traces")[0].GetProperty("points").GetInt32().Should().Be(complete);
        charts["tune-parallel"].GetProperty("traces")[0].GetProperty("points").GetInt32().Should().Be(complete);
        // 'last' is second-run; repro.lock keeps no curves, so each chart has the run's train and val series only.
        charts["curves-loss"]
            .GetProperty("traces")
            .EnumerateArray()
            .Select(t => t.GetProperty("points").GetInt32())
            .Should()
            .Equal(Epochs, Epochs);
        charts["curves-loss"].GetProperty("svgPoints").GetInt32().Should().Be(2 * Epochs);
        charts["plot-0"].GetProperty("traces").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Should().Equal("loss");
        charts["plot-0"].GetProperty("svgAxisTitles").EnumerateArray().Select(t => t.GetString()).Should().Equal("step", "loss");
        charts["confusion-0"].GetProperty("traces")[0].GetProperty("points").GetInt32().Should().Be(2);
        html.Should().Contain("\"cat\",\"dog\"", "the matrix is labelled with the class names");
    }

    [Fact]
    public async Task Search_show_prints_the_best_trial_of_the_stored_study_and_its_importances()
    {
        // Arrange
        using var project = TempDir.Create();
        Record(project, "baseline", new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), lr: 0.1);
        var best = SearchIn(project, trials: 12).BestTrial!;

        // Act
        var result = await CliRunner.RunAsync(project, "search", "show", "--top", "3");

        // Assert
        result.ExitCode.Should().Be(0, result.Error);
        result.Out.Should().StartWith("study tune: 12 trials (");
        result
            .Out.Should()
            .Contain($"best trial {best.Number}: val_acc = {best.Value!.Value.ToString("G10", CultureInfo.InvariantCulture)}");
        result.Out.Should().Contain("top 3").And.Contain("importance").And.Contain("train.lr");
    }

    [Fact]
    public async Task An_unknown_experiment_exits_2_and_suggests_the_closest_name()
    {
        // Arrange
        using var project = TempDir.Create();
        Record(project, "baseline", new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), lr: 0.1);

        // Act
        var result = await CliRunner.RunAsync(project, "plots", "baseline", "basline");

        // Assert
        result.ExitCode.Should().Be(2);
        result
            .Error.Should()
            .Contain("no experiment is named or has an id starting with 'basline'")
            .And.Contain("did you mean 'baseline'?");
        project.Exists("report.html").Should().BeFalse();
    }

    [Fact]
    public async Task A_pipeline_being_edited_into_an_invalid_state_still_gives_the_report_of_past_runs_with_a_note()
    {
        // Arrange
        using var project = TempDir.Create();
        Record(project, "baseline", new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), lr: 0.1);
        project.Write("pipeline.yaml", "stages:\n  train:\n    uses: train\n    plots: [{ a: 1, b: 2 }]\n");

        // Act
        var result = await CliRunner.RunAsync(project, "plots", "baseline");

        // Assert
        result.ExitCode.Should().Be(0, result.Error);
        result.Error.Should().Contain("note: pipeline.yaml does not load").And.Contain("pipeline.yaml:4:");
        project.Read("report.html").Should().Contain("baseline").And.NotContain("id=\"plots\"");
    }

    [Fact]
    public async Task Plotting_a_project_without_experiments_says_what_to_do_and_creates_no_store()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages:\n  train:\n    run: echo hi\n");

        var result = await CliRunner.RunAsync(project, "plots");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("nothing to plot").And.Contain("dotnet repro run");
        project.Exists(".repro").Should().BeFalse();
    }

    // A study as the search step keeps it: in the run store, named after its stage.
    private static Core.Search.Study SearchIn(TempDir project, int trials)
    {
        using var store = RunStore.Open(project.Resolve(".repro/repro.db"));
        return ReportFixtures.Study(trials, storage: store);
    }

    // A run as the engine records it, through the store's API, plus repro.lock and a plots file in pipeline.yaml.
    private static void Record(TempDir project, string name, DateTimeOffset at, double lr)
    {
        Directory.CreateDirectory(project.Resolve(".repro"));
        using var store = RunStore.Open(project.Resolve(".repro/repro.db"));
        var id = $"{at:yyyyMMddHHmmss}-{name}";
        store.InsertRun(
            new RunRecord(
                id,
                name,
                at,
                at.AddMinutes(1),
                RunStatus.Succeeded,
                "4f2a9c1",
                "main",
                false,
                null,
                "dotnet repro run",
                $$$"""{"train": {"lr": {{{lr.ToString(CultureInfo.InvariantCulture)}}}, "epochs": {{{Epochs}}}}}""",
                42,
                """{"os": "Debian 12", "torchsharp": "0.107.0"}"""
            )
        );
        store.AddStageExecution(new StageExecutionRecord(id, "train", $"fp-{lr}", StageStatus.Executed, 1200, 0, 7, "{}", "{}", null));
        store.AddMetricPoints(
            Enumerable
                .Range(1, Epochs)
                .SelectMany(e =>
                    new[]
                    {
                        new MetricPoint(id, "train", e, "train_loss", 1.0 / e),
                        new MetricPoint(id, "train", e, "val_loss", 1.2 / e),
                        new MetricPoint(id, "train", e, "train_acc", 1 - 0.5 / e),
                        new MetricPoint(id, "train", e, "val_acc", 1 - 0.6 / e),
                    }
                )
        );
        store.SetMetrics(id, "train", new Dictionary<string, double> { ["val_acc"] = lr == 0.1 ? 0.85 : 0.8 });
        store.SetMetrics(id, "evaluate", new Dictionary<string, double> { ["accuracy"] = 0.8 });
        // As the evaluate step writes it; the store keeps its numbers, the file keeps the matrix.
        project.Write(
            "metrics/eval.json",
            """{"accuracy": 0.8, "per_class": {"cat": {"f1": 0.8}, "dog": {"f1": 0.8}}, "confusion_matrix": [[40, 10], [10, 40]]}"""
        );
        var stage = new StageLock(
            "train",
            "fp-0.1",
            7,
            new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["train.lr"] = 0.1 },
            [],
            [],
            new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["metrics/train.json"] = new Dictionary<string, double> { ["val_acc"] = 0.85 },
            }
        );
        project.Write(
            "repro.lock",
            LockFileSerializer.Write(
                new LockFile(42, new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["train.lr"] = 0.1 }, [stage])
            )
        );
        project.Write(
            "pipeline.yaml",
            """
            params: params.yaml
            stages:
              train:
                uses: train
                with: { data: data/prepared, model: mlp }
                plots:
                  - metrics/history.csv: { x: step, y: loss }
              evaluate:
                uses: evaluate
                with: { data: data/prepared, model: models/model.pt }
                metrics: [metrics/eval.json]
              tune:
                uses: search
                with:
                  stage: train
                  objective: { metric: val_acc, direction: maximize }
                  space:
                    train.lr: loguniform(1e-4, 1e-1)
                    train.dropout: uniform(0, 0.5)
                    train.optimizer: choice(sgd, adam)
                outs: [search/]
            """
        );
        project.Write("params.yaml", "train:\n  lr: 0.01\n  dropout: 0.1\n  optimizer: adam\n");
        project.Write("metrics/history.csv", "step,loss,phase\n1,0.9,a\n2,0.5,b\n3,0.3,c\n");
    }
}
