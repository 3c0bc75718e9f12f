using System.Diagnostics;
using System.Text.Json;
using Repro.Core.Cache;
using Repro.Tests.Shared;

namespace Repro.Tool.Tests.Commands;

public class PipelineCommandsTests
{
    private const string Pipeline = """
        seed: 1
        params: params.yaml
        stages:
          prepare:
            run: sh -c 'mkdir -p data; seq 1 ${rows} > data/numbers.txt'
            outs: [data/numbers.txt]
          train:
            run: sh -c 'mkdir -p metrics; awk -v s=${scale} "{ t += \$1 * s } END { print \"{\\\"total\\\":\" t \"}\" }" data/numbers.txt > metrics/train.json'
            deps: [data/numbers.txt]
            metrics: [metrics/train.json]
        """;

    private static TempDir Project()
    {
        var project = TempDir.Create();
        project.Write("params.yaml", "rows: 10\nscale: 2\n");
        project.Write("pipeline.yaml", Pipeline);
        return project;
    }

    private static JsonElement[] Stages(CliRunner.Result result) =>
        [.. JsonDocument.Parse(result.Out).RootElement.GetProperty("stages").EnumerateArray()];

    private static string[] Column(JsonElement[] stages, string name) => [.. stages.Select(s => s.GetProperty(name).GetString()!)];

    [Fact]
    public async Task I_can_run_a_pipeline_and_a_second_run_restores_everything_from_cache()
    {
        using var project = Project();

        var first = await CliRunner.RunAsync(project, "run", "--json");
        var second = await CliRunner.RunAsync(project, "run", "--json");

        first.ExitCode.Should().Be(0, first.Error);
        Column(Stages(first), "status").Should().Equal("executed", "executed");
        JsonDocument.Parse(first.Out).RootElement.GetProperty("run_id").GetString().Should().NotBeNullOrEmpty();
        second.ExitCode.Should().Be(0, second.Error);
        Column(Stages(second), "status").Should().Equal("cached", "cached");
        Column(Stages(second), "reason").Should().Equal("up to date", "up to date");
        Stages(second)[1].GetProperty("metrics").GetProperty("total").GetDouble().Should().Be(110);
    }

    [Fact]
    public async Task I_can_change_a_param_with_set_and_only_the_stage_that_reads_it_runs()
    {
        using var project = Project();
        await CliRunner.RunAsync(project, "run");

        var result = await CliRunner.RunAsync(project, "run", "--set", "scale=3", "--json");

        Column(Stages(result), "status").Should().Equal("cached", "executed");
        Column(Stages(result), "reason").Should().Equal("up to date", "param 'scale' changed: 2 -> 3");
        project.Read("metrics/train.json").Trim().Should().Be("""{"total":165}""");
    }

    [Fact]
    public async Task Status_says_which_param_changed_with_old_and_new_value()
    {
        using var project = Project();
        await CliRunner.RunAsync(project, "run");
        project.Write("params.yaml", "rows: 10\nscale: 4\n");

        var json = await CliRunner.RunAsync(project, "status", "--json");
        var text = await CliRunner.RunAsync(project, "status");

        json.ExitCode.Should().Be(0, json.Error);
        Column(Stages(json), "state").Should().Equal("up_to_date", "changed");
        Stages(json)[1].GetProperty("changes").EnumerateArray().Select(c => c.GetString()).Should().Equal("param 'scale' changed: 2 -> 4");
        text.Out.Should()
            .Be(
                """
                prepare  up to date
                train    changed
                           - param 'scale' changed: 2 -> 4

                """.ReplaceLineEndings()
            );
    }

    [Fact]
    public async Task A_dry_run_says_what_would_run_and_why_and_runs_nothing()
    {
        using var project = Project();
        await CliRunner.RunAsync(project, "run");

        var result = await CliRunner.RunAsync(project, "run", "--dry-run", "--set", "rows=5", "--json");

        result.ExitCode.Should().Be(0, result.Error);
        Column(Stages(result), "status").Should().Equal("would-run", "would-run");
        Column(Stages(result), "reason").Should().Equal("param 'rows' changed: 10 -> 5", "upstream stage 'prepare' will run");
        project.Read("data/numbers.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(10);
    }

    [Fact]
    public async Task A_failing_stage_exits_1_and_its_dependents_are_skipped()
    {
        using var project = Project();
        project.Write("pipeline.yaml", Pipeline.Replace("seq 1 ${rows} > data/numbers.txt", "exit 4", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync(project, "run", "--json");

        result.ExitCode.Should().Be(1);
        Column(Stages(result), "status").Should().Equal("failed", "skipped");
        Column(Stages(result), "reason").Should().Equal("exit code 4", "upstream 'prepare' failed");
    }

    [Fact]
    public async Task A_bad_pipeline_exits_2_with_every_problem_on_stderr_and_nothing_on_stdout()
    {
        using var project = Project();
        project.Write("pipeline.yaml", "params: params.yaml\nstages:\n  a:\n    run: echo ${scal}\n  b:\n    uses: trian\n");

        var result = await CliRunner.RunAsync(project, "run", "--json");

        result.ExitCode.Should().Be(2);
        result.Out.Should().BeEmpty();
        result
            .Error.Should()
            .StartWith(
                "pipeline.yaml:4:15: error: unknown parameter 'scal'\n  hint: did you mean 'scale'?\npipeline.yaml:6:11: error: unknown step 'trian'\n  hint: did you mean 'train'?".ReplaceLineEndings()
            );
    }

    // Three stages, the third with a typo under train: the first two would take minutes in a real project.
    private const string StepsPipeline = """
        stages:
          rows:
            run: sh -c 'mkdir -p data && printf "x,y\n1,0\n2,1\n3,0\n4,1\n" > data/rows.csv'
            outs: [data/rows.csv]
          prepare:
            uses: data/csv
            deps: [data/rows.csv]
            with: { source: data/rows.csv, label: y, val_fraction: 0.25 }
            outs: [data/prepared]
          train:
            uses: train
            deps: [data/prepared]
            with:
              data: data/prepared
              model: mlp
              optimizr: { type: sgd, lr: 0.1 }
            outs: [models/model.pt]
        """;

    private const string OptimizrProblem = """
        pipeline.yaml:16:17: error: unknown key 'with.optimizr'
          hint: did you mean 'optimizer'?

        """;

    [Fact]
    public async Task A_bad_argument_of_the_third_stage_exits_2_before_any_stage_runs()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", StepsPipeline);

        var result = await CliRunner.RunAsync(project, "run");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Be(OptimizrProblem.ReplaceLineEndings());
        project.Exists("data/rows.csv").Should().BeFalse("no stage ran");
        project.Exists(".repro").Should().BeFalse("no run was recorded");
    }

    [Fact]
    public async Task A_nan_or_an_infinity_in_a_steps_arguments_is_an_input_error_not_a_crash()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", StepsPipeline.Replace("val_fraction: 0.25", "val_fraction: .nan", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync(project, "status");

        result.ExitCode.Should().Be(2, result.Error);
        result.Error.Should().Contain("pipeline.yaml:8:60: error: 'with.val_fraction': expected a number in [0, 1), got NaN");
        result.Error.Should().NotContain("internal error");
    }

    [Theory]
    [InlineData("status")]
    [InlineData("dag")]
    [InlineData("run", "--dry-run")]
    public async Task Status_dag_and_a_dry_run_report_a_bad_argument_too(params string[] args)
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", StepsPipeline);

        var result = await CliRunner.RunAsync(project, args);

        result.ExitCode.Should().Be(2);
        result.Error.Should().Be(OptimizrProblem.ReplaceLineEndings());
        project.Exists("data/rows.csv").Should().BeFalse();
    }

    [Fact]
    public async Task Every_argument_problem_of_two_stages_is_printed_at_once()
    {
        using var project = TempDir.Create();
        project.Write("params.yaml", "train: { epochs: ten }\n");
        project.Write(
            "pipeline.yaml",
            "params: params.yaml\n"
                + StepsPipeline.Replace("model: mlp", "model: mlp\n      epochs: ${train.epochs}", StringComparison.Ordinal)
                + "\n"
                + """
                  evaluate:
                    uses: evaluate
                    deps: [models/model.pt, data/prepared]
                    with: { data: data/prepared, model: models/model.pt, split: tset }
                    metrics: [metrics/eval.json]
                """
        );

        var result = await CliRunner.RunAsync(project, "run", "--json");

        result.ExitCode.Should().Be(2);
        result.Out.Should().BeEmpty();
        result
            .Error.Should()
            .Be(
                """
                pipeline.yaml:17:15: error: 'with.epochs': expected a positive integer, got "ten"
                pipeline.yaml:18:17: error: unknown key 'with.optimizr'
                  hint: did you mean 'optimizer'?
                pipeline.yaml:23:65: error: unknown split 'tset'; expected one of train, val, test
                  hint: did you mean 'test'?

                """.ReplaceLineEndings()
            );
    }

    [Fact]
    public async Task An_unknown_stage_or_a_bad_set_exits_2()
    {
        using var project = Project();

        var stage = await CliRunner.RunAsync(project, "run", "trian");
        var set = await CliRunner.RunAsync(project, "run", "--set", "scale");

        stage.ExitCode.Should().Be(2);
        stage.Error.Should().Be("error: unknown stage 'trian'\n  hint: did you mean 'train'?\n".ReplaceLineEndings());
        set.ExitCode.Should().Be(2);
        set.Error.Should()
            .Be("error: --set 'scale' is not of the form name=value\n  hint: for example --set train.lr=0.01\n".ReplaceLineEndings());
    }

    [Fact]
    public async Task The_project_is_found_from_a_subfolder()
    {
        using var project = Project();
        Directory.CreateDirectory(project.Resolve("src/deep"));

        var result = await CliRunner.RunAsync(project.Resolve("src/deep"), "dag");

        result.ExitCode.Should().Be(0, result.Error);
        result.Out.Should().Be("prepare\ntrain    <- prepare\n");
    }

    [Fact]
    public async Task Dag_prints_a_mermaid_flowchart()
    {
        using var project = Project();

        var result = await CliRunner.RunAsync(project, "dag", "--mermaid");

        result.Out.Should().Be("flowchart TD\n    s0[\"prepare\"]\n    s1[\"train\"]\n    s0 --> s1\n");
    }

    [Fact]
    public async Task Init_writes_a_starter_pipeline_that_runs_and_refuses_to_overwrite_it()
    {
        using var dir = TempDir.Create();

        var init = await CliRunner.RunAsync(dir, "init");
        var run = await CliRunner.RunAsync(dir, "run", "--json");
        var again = await CliRunner.RunAsync(dir, "init");

        init.ExitCode.Should().Be(0, init.Error);
        run.ExitCode.Should().Be(0, run.Error);
        Column(Stages(run), "status").Should().Equal("executed", "executed");
        dir.Read("metrics/train.json").Trim().Should().Be("""{"total":10100}""");
        again.ExitCode.Should().Be(2);
        again
            .Error.Should()
            .Be(
                """
                error: 'pipeline.yaml' already exists; 'repro init' does not overwrite files
                  hint: edit it, or remove it and run 'dotnet repro init' again
                error: 'params.yaml' already exists; 'repro init' does not overwrite files
                  hint: edit it, or remove it and run 'dotnet repro init' again

                """.ReplaceLineEndings()
            );
    }

    [Fact]
    public async Task Each_run_writes_a_structured_log_and_stage_logs()
    {
        using var project = Project();

        var result = await CliRunner.RunAsync(project, "run", "--json");

        var runDir = project.Resolve($".repro/runs/{JsonDocument.Parse(result.Out).RootElement.GetProperty("run_id").GetString()}");
        File.ReadAllLines(Path.Combine(runDir, "log.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("@mt").GetString())
            .Should()
            .Contain("Stage {Stage} started: {Reason}");
        File.Exists(Path.Combine(runDir, "prepare.log")).Should().BeTrue();
        File.Exists(Path.Combine(runDir, "params.json")).Should().BeTrue();
    }

    [Fact]
    public async Task A_repro_run_killed_with_sigkill_leaves_a_consistent_cache_and_the_next_run_succeeds()
    {
        using var project = Project();
        // prepare finishes and is cached; train is killed mid-way with its out half written.
        project.Write(
            "pipeline.yaml",
            Pipeline.Replace(
                "run: sh -c 'mkdir -p metrics; awk",
                "run: sh -c 'mkdir -p metrics; echo partial > metrics/train.json; echo $$ > train.pid; [ -f go ] || sleep 60; awk",
                StringComparison.Ordinal
            )
        );
        var dll = typeof(ReproCli).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dll, "run"])
        {
            WorkingDirectory = project.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using (var repro = Process.Start(start)!)
        {
            var clock = Stopwatch.StartNew();
            while (!(project.Exists("train.pid") && project.Read("train.pid").Trim().Length > 0))
            {
                clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "the train stage should start");
                await Task.Delay(50);
            }
            repro.Kill(entireProcessTree: false); // SIGKILL of repro alone, as a crash or the OOM killer would
            await repro.WaitForExitAsync();
        }
        // The stage's shell was orphaned by the kill: stop it, then let the next run finish.
        var orphan = int.Parse(project.Read("train.pid").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Process.GetProcessById(orphan).Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        project.Write("go", "");

        var next = await CliRunner.RunAsync(project, "run", "--json");

        next.ExitCode.Should().Be(0, next.Error);
        Column(Stages(next), "status").Should().Equal("cached", "executed");
        project.Read("metrics/train.json").Trim().Should().Be("""{"total":110}""");
        var objects = new ObjectStore(project.Resolve(".repro/cache"));
        (await objects.VerifyAsync()).Should().BeEmpty("every object in the cache still matches its hash");
    }
}
