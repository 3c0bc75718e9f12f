using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Execution;
using Repro.Core.Pipeline;
using Repro.Core.Steps;
using Repro.Core.Store;
using Repro.Tests.Shared;
using StageStatus = Repro.Core.Execution.StageStatus;

namespace Repro.Core.Tests.Execution;

public class RunnerTests
{
    // Each stage appends its name to executions.txt (not an out), so a test can tell what really ran.
    private const string Chain = """
        seed: 3
        params: params.yaml
        stages:
          prepare:
            run: sh -c 'echo prepare >> executions.txt; mkdir -p data; seq 1 ${data.rows} > data/numbers.txt'
            deps: [raw.txt]
            outs: [data/numbers.txt]
          train:
            run: sh -c 'echo train >> executions.txt; mkdir -p metrics; awk -v s=${train.scale} "{ t += \$1 * s } END { print \"{\\\"total\\\":\" t \",\\\"nested\\\":{\\\"a\\\":1}}\" }" data/numbers.txt > metrics/train.json'
            deps: [data/numbers.txt]
            metrics: [metrics/train.json]
          report:
            run: sh -c 'echo report >> executions.txt; cat raw.txt > report.txt'
            deps: [raw.txt]
            outs: [report.txt]
        """;

    private static TempDir ChainProject()
    {
        var project = TempDir.Create();
        project.Write("params.yaml", "data: { rows: 10 }\ntrain: { scale: 2 }\n");
        project.Write("raw.txt", "raw\n");
        project.Write("pipeline.yaml", Chain);
        return project;
    }

    private static async Task<RunResult> RunAsync(
        TempDir project,
        RunOptions? options = null,
        IStageExecutor? executor = null,
        IReadOnlyList<string>? set = null,
        CancellationToken cancellationToken = default
    )
    {
        var pipeline = PipelineLoader.Load(project.Path, new PipelineLoadOptions { Overrides = ParamOverrides.Parse(set ?? []) });
        await using var services = RunnerServices.Open(project.Path, executor ?? new CommandExecutor(null));
        return await new Runner(pipeline, services).RunAsync(options ?? new RunOptions(), cancellationToken);
    }

    private static List<string> Executions(TempDir project)
    {
        if (!project.Exists("executions.txt"))
            return [];
        var lines = project.Read("executions.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        File.Delete(project.Resolve("executions.txt"));
        return lines;
    }

    private static Dictionary<string, StageStatus> Statuses(RunResult result) => result.Stages.ToDictionary(s => s.Name, s => s.Status);

    [Fact]
    public async Task A_pipeline_runs_in_order_and_a_second_run_executes_nothing()
    {
        using var project = ChainProject();

        var first = await RunAsync(project);
        var firstExecutions = Executions(project);
        var second = await RunAsync(project);

        first.Succeeded.Should().BeTrue(string.Join("\n", first.Stages.Select(s => $"{s.Name}: {s.Reason}")));
        first.Stages.Select(s => s.Status).Should().AllBeEquivalentTo(StageStatus.Executed);
        first.Stages.Select(s => s.Reason).Should().AllBe("never run");
        firstExecutions.Should().Equal("prepare", "train", "report");
        project.Read("metrics/train.json").Trim().Should().Be("""{"total":110,"nested":{"a":1}}""");
        first.Metrics.Should().BeEquivalentTo(new Dictionary<string, double> { ["total"] = 110, ["nested.a"] = 1 });
        second.Stages.Select(s => s.Status).Should().AllBeEquivalentTo(StageStatus.Cached);
        second.Stages.Select(s => s.Reason).Should().AllBe("up to date");
        second.Metrics["total"].Should().Be(110);
        Executions(project).Should().BeEmpty();
    }

    [Fact]
    public async Task A_param_change_reruns_exactly_the_stages_that_read_it()
    {
        using var project = ChainProject();
        await RunAsync(project);
        Executions(project);

        var result = await RunAsync(project, set: ["train.scale=3"]);

        Executions(project).Should().Equal("train");
        Statuses(result)
            .Should()
            .Equal(
                new Dictionary<string, StageStatus>
                {
                    ["prepare"] = StageStatus.Cached,
                    ["train"] = StageStatus.Executed,
                    ["report"] = StageStatus.Cached,
                }
            );
        result.Stages.Single(s => s.Name == "train").Reason.Should().Be("param 'train.scale' changed: 2 -> 3");
        result.Metrics["total"].Should().Be(165);
    }

    [Fact]
    public async Task A_dep_change_reruns_exactly_the_stages_downstream_of_it()
    {
        using var project = ChainProject();
        await RunAsync(project);
        Executions(project);
        project.Write("params.yaml", "data: { rows: 10 }\ntrain: { scale: 2 }\n");

        project.Write("raw.txt", "raw, edited\n");
        var result = await RunAsync(project);

        // prepare re-runs but writes the same numbers: train sees an unchanged dep and stays cached.
        Executions(project).Should().Equal("prepare", "report");
        result.Stages.Single(s => s.Name == "prepare").Reason.Should().Be("dep 'raw.txt' changed");
        Statuses(result)["train"].Should().Be(StageStatus.Cached);
        project.Read("report.txt").Should().Be("raw, edited\n");
    }

    [Fact]
    public async Task Going_back_to_an_earlier_param_value_restores_that_result_without_running()
    {
        using var project = ChainProject();
        await RunAsync(project);
        var run2 = await RunAsync(project, set: ["train.scale=3"]);
        Executions(project);
        project.Read("metrics/train.json").Should().Contain("165");

        var result = await RunAsync(project);

        Executions(project).Should().BeEmpty();
        project.Read("metrics/train.json").Should().Contain("110");
        var train = result.Stages.Single(s => s.Name == "train");
        train.Status.Should().Be(StageStatus.Cached);
        train.Reason.Should().StartWith("param 'train.scale' changed: 3 -> 2; cached from run ").And.EndWith(", outs restored");
        train.Metrics["total"].Should().Be(110);
        run2.RunId.Should().NotBe(result.RunId);
    }

    [Fact]
    public async Task A_deleted_out_is_restored_from_the_cache()
    {
        using var project = ChainProject();
        await RunAsync(project);
        Executions(project);
        File.Delete(project.Resolve("report.txt"));

        var result = await RunAsync(project, new RunOptions { Targets = ["report"] });

        result.Stages.Select(s => s.Name).Should().Equal("report");
        result.Stages[0].Status.Should().Be(StageStatus.Cached);
        project.Read("report.txt").Should().Be("raw\n");
        Executions(project).Should().BeEmpty();
    }

    [Fact]
    public async Task Force_runs_cached_stages_again()
    {
        using var project = ChainProject();
        await RunAsync(project);
        Executions(project);

        var result = await RunAsync(project, new RunOptions { Targets = ["train"], Force = true });

        Executions(project).Should().Equal("prepare", "train");
        result.Stages.Select(s => s.Reason).Should().AllBe("forced");
    }

    [Fact]
    public async Task A_dry_run_says_why_and_changes_nothing()
    {
        using var project = ChainProject();
        await RunAsync(project);
        Executions(project);

        var result = await RunAsync(project, executor: new DryRunExecutor(), set: ["data.rows=5"]);

        Executions(project).Should().BeEmpty();
        project.Read("data/numbers.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(10);
        result
            .Stages.Select(s => (s.Name, s.Status, s.Reason))
            .Should()
            .Equal(
                ("prepare", StageStatus.WouldRun, "param 'data.rows' changed: 10 -> 5"),
                ("train", StageStatus.WouldRun, "upstream stage 'prepare' will run"),
                ("report", StageStatus.Cached, "up to date")
            );
    }

    [Fact]
    public async Task Independent_branches_finish_when_one_fails_and_its_dependents_are_skipped()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              a: { run: sh -c 'echo a > a.txt', outs: [a.txt] }
              bad: { run: sh -c 'echo failing >&2; exit 3', deps: [a.txt], outs: [bad.txt] }
              after_bad: { run: sh -c 'cat bad.txt > c.txt', deps: [bad.txt], outs: [c.txt] }
              good: { run: sh -c 'sleep 0.3; cat a.txt > good.txt', deps: [a.txt], outs: [good.txt] }
            """
        );

        var result = await RunAsync(project, new RunOptions { Jobs = 2 });

        result.Succeeded.Should().BeFalse();
        result
            .Stages.Select(s => (s.Name, s.Status, s.Reason, s.ExitCode))
            .Should()
            .Equal(
                ("a", StageStatus.Executed, "never run", 0),
                ("bad", StageStatus.Failed, "exit code 3", 3),
                ("after_bad", StageStatus.Skipped, "upstream 'bad' failed", null),
                ("good", StageStatus.Executed, "never run", 0)
            );
        var log = Directory.GetFiles(project.Resolve(".repro/runs"), "bad.log", SearchOption.AllDirectories).Single();
        File.ReadAllText(log).Should().Be("failing\n");
    }

    [Fact]
    public async Task Independent_stages_run_at_the_same_time_with_jobs()
    {
        using var project = TempDir.Create();
        // Each stage waits (up to 20 s) for the other to have started: both finish only when they run side by side.
        project.Write(
            "pipeline.yaml",
            """
            stages:
              one:
                run: sh -c 'touch one.started; for i in $(seq 400); do [ -f two.started ] && break; sleep 0.05; done; [ -f two.started ] && echo 1 > one.txt'
                outs: [one.txt]
              two:
                run: sh -c 'touch two.started; for i in $(seq 400); do [ -f one.started ] && break; sleep 0.05; done; [ -f one.started ] && echo 2 > two.txt'
                outs: [two.txt]
            """
        );

        var result = await RunAsync(project, new RunOptions { Jobs = 2 });

        result.Stages.Select(s => s.Status).Should().AllBeEquivalentTo(StageStatus.Executed);
    }

    [Fact]
    public async Task A_declared_out_that_is_not_written_fails_the_stage()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages:\n  a:\n    run: 'true'\n    outs: [never.txt]\n");

        var result = await RunAsync(project);

        result
            .Stages.Single()
            .Should()
            .Match<StageOutcome>(s => s.Status == StageStatus.Failed && s.Reason == "declared output 'never.txt' was not written");
        (await RunAsync(project)).Stages.Single().Changes.Should().Equal(["never run"], "a failed stage is not cached");
    }

    [Fact]
    public async Task A_dep_changed_while_the_stage_ran_fails_it()
    {
        using var project = TempDir.Create();
        project.Write("in.txt", "before");
        project.Write(
            "pipeline.yaml",
            "stages:\n  a:\n    run: sh -c 'echo after > in.txt; echo x > out.txt'\n    deps: [in.txt]\n    outs: [out.txt]\n"
        );

        var result = await RunAsync(project);

        result
            .Stages.Single()
            .Should()
            .Match<StageOutcome>(s =>
                s.Status == StageStatus.Failed && s.Reason == "dep 'in.txt' changed while the stage ran; its result is not recorded"
            );
    }

    [Fact]
    public async Task Previous_outs_are_removed_before_a_stage_runs()
    {
        using var project = TempDir.Create();
        project.Write("out/stale.txt", "stale");
        project.Write(
            "pipeline.yaml",
            "stages:\n  a:\n    run: sh -c 'ls out > listing.txt 2>&1; mkdir -p out; echo new > out/new.txt'\n    outs: [out]\n"
        );

        await RunAsync(project);

        project.Exists("out/stale.txt").Should().BeFalse();
        project.Read("out/new.txt").Should().Be("new\n");
        project.Read("listing.txt").Should().Contain("No such file");
    }

    [Fact]
    public async Task Commands_see_the_seed_stage_run_id_params_and_metrics_stream()
    {
        using var project = TempDir.Create();
        project.Write("params.yaml", "lr: 0.5\n");
        project.Write(
            "pipeline.yaml",
            """
            seed: 11
            params: params.yaml
            stages:
              a:
                run: sh -c 'echo "$REPRO_SEED $REPRO_STAGE $REPRO_RUN_ID" > env.txt; cat "$REPRO_PARAMS" > params.json; echo "{\"step\":1,\"loss\":0.5}" >> "$REPRO_METRICS_STREAM"; echo "{\"step\":2,\"loss\":0.25}" >> "$REPRO_METRICS_STREAM"; echo $REPRO_CONTROL > control.txt'
                outs: [env.txt, params.json, control.txt]
            """
        );

        var result = await RunAsync(project);

        var outcome = result.Stages.Single();
        project.Read("env.txt").Should().Be($"{Seeds.ForStage(11, "a")} a {result.RunId}\n");
        outcome.Seed.Should().Be(Seeds.ForStage(11, "a"));
        JsonNode.Parse(project.Read("params.json"))!["lr"]!.GetValue<double>().Should().Be(0.5);
        project.Read("control.txt").Trim().Should().EndWith("a.control");
        using var store = RunStore.Open(project.Resolve(".repro/repro.db"));
        store
            .GetMetricSeries(result.RunId)
            .Select(p => (p.Stage, p.Name, p.Step, p.Value))
            .Should()
            .Equal(("a", "loss", 1L, 0.5), ("a", "loss", 2L, 0.25));
    }

    [Fact]
    public async Task A_stage_the_engine_asked_to_end_early_ran_but_is_not_cached()
    {
        using var project = TempDir.Create();
        // Stands in for a trainer the search pruned: the engine's word is in the control file when the stage exits.
        project.Write(
            "pipeline.yaml",
            "stages:\n  a:\n    run: sh -c 'echo partial > model.txt; echo prune > \"$REPRO_CONTROL\"'\n    outs: [model.txt]\n"
        );

        var first = await RunAsync(project);
        var second = await RunAsync(project);

        first.Stages.Single().Status.Should().Be(StageStatus.Executed);
        first.Stages.Single().Reason.Should().Contain("ended early (prune): not cached");
        second.Stages.Single().Status.Should().Be(StageStatus.Executed, "a truncated result is never restored as the finished one");
    }

    [Fact]
    public async Task A_stage_that_ended_early_without_writing_its_outs_says_the_engine_asked_it_to()
    {
        using var project = TempDir.Create();
        // A trainer that exits at once when pruned, before it saves its model.
        project.Write("pipeline.yaml", "stages:\n  a:\n    run: sh -c 'echo prune > \"$REPRO_CONTROL\"'\n    outs: [model.txt]\n");

        var result = await RunAsync(project);

        result.Stages.Single().Status.Should().Be(StageStatus.Failed);
        result
            .Stages.Single()
            .Reason.Should()
            .Be("declared output 'model.txt' was not written; the engine had asked it to end early (prune)");
    }

    [Fact]
    public async Task A_stage_told_to_await_verdicts_gets_REPRO_CONTROL_AWAIT_and_others_do_not()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              a:
                run: sh -c 'echo "[$REPRO_CONTROL_AWAIT]" > a.txt'
                outs: [a.txt]
              b:
                run: sh -c 'echo "[$REPRO_CONTROL_AWAIT]" > b.txt'
                outs: [b.txt]
            """
        );

        await RunAsync(project, new RunOptions { ControlAwait = new Dictionary<string, TimeSpan> { ["a"] = TimeSpan.FromSeconds(2.5) } });

        project.Read("a.txt").Should().Be("[2.5]\n");
        project.Read("b.txt").Should().Be("[]\n");
    }

    [Fact]
    public async Task A_seed_override_changes_the_seed_and_the_fingerprint()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages:\n  a:\n    run: sh -c 'echo $REPRO_SEED > seed.txt'\n    outs: [seed.txt]\n");
        var first = await RunAsync(project);

        var trial = await RunAsync(project, new RunOptions { SeedOverrides = new Dictionary<string, long> { ["a"] = 1234 } });

        project.Read("seed.txt").Should().Be("1234\n");
        trial.Stages.Single().Status.Should().Be(StageStatus.Executed);
        trial.Stages.Single().Reason.Should().Be($"seed changed: {first.Stages.Single().Seed} -> 1234");
        trial.Stages.Single().Fingerprint.Should().NotBe(first.Stages.Single().Fingerprint);
    }

    [Fact]
    public async Task A_run_is_recorded_with_params_stage_executions_and_metrics()
    {
        using var project = ChainProject();

        var result = await RunAsync(project, new RunOptions { Name = "baseline", CommandLine = "repro run --name baseline" });

        using var store = RunStore.Open(project.Resolve(".repro/repro.db"));
        store.TryGetRun(result.RunId, out var run).Should().BeTrue();
        run.Name.Should().Be("baseline");
        run.Status.Should().Be(RunStatus.Succeeded);
        run.CommandLine.Should().Be("repro run --name baseline");
        run.PipelineSeed.Should().Be(3);
        JsonNode.Parse(run.ParamsJson)!["train"]!["scale"]!.GetValue<long>().Should().Be(2);
        var executions = store.GetStageExecutions(result.RunId);
        executions
            .Select(e => (e.Stage, e.Status))
            .Should()
            .Equal(
                ("prepare", Repro.Core.Store.StageStatus.Executed),
                ("train", Repro.Core.Store.StageStatus.Executed),
                ("report", Repro.Core.Store.StageStatus.Executed)
            );
        JsonSerializer.Deserialize<Dictionary<string, string>>(executions[1].DepHashesJson)!.Keys.Should().Equal("data/numbers.txt");
        JsonSerializer.Deserialize<Dictionary<string, string>>(executions[1].OutHashesJson)!.Keys.Should().Equal("metrics/train.json");
        store
            .GetMetrics(result.RunId)["train"]
            .Should()
            .BeEquivalentTo(new Dictionary<string, double> { ["total"] = 110, ["nested.a"] = 1 });
    }

    [Fact]
    public async Task Cancelling_a_run_kills_the_whole_process_tree_and_the_next_run_succeeds()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            "stages:\n  a:\n    run: sh -c 'sleep 60 & echo $! > grandchild.pid; echo partial > out.txt; wait'\n    outs: [out.txt]\n"
        );
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(project, cancellationToken: cancel.Token);
        await WaitForAsync(() => project.Exists("grandchild.pid") && project.Read("grandchild.pid").Trim().Length > 0);
        var grandchild = int.Parse(project.Read("grandchild.pid").Trim(), System.Globalization.CultureInfo.InvariantCulture);

        await cancel.CancelAsync();
        var act = () => run;

        await act.Should().ThrowAsync<OperationCanceledException>();
        await WaitForAsync(() => !Alive(grandchild));
        project.Write("pipeline.yaml", "stages:\n  a:\n    run: sh -c 'echo done > out.txt'\n    outs: [out.txt]\n");
        var next = await RunAsync(project);
        next.Succeeded.Should().BeTrue();
        project.Read("out.txt").Should().Be("done\n");
        using var store = RunStore.Open(project.Resolve(".repro/repro.db"));
        store.ListRuns().Select(r => r.Status).Should().Equal(RunStatus.Succeeded, RunStatus.Interrupted);
    }

    [Fact]
    public async Task A_uses_stage_runs_the_tool_with_a_step_request()
    {
        using var project = TempDir.Create();
        project.Write("params.yaml", "lr: 0.1\n");
        project.Write(
            "pipeline.yaml",
            """
            params: params.yaml
            stages:
              train:
                uses: fake
                with: { lr: "${lr}", model: { type: cnn } }
                outs: [request.json]
            """
        );
        var pipeline = PipelineLoader.Load(project.Path, new PipelineLoadOptions { Steps = new StepCatalog([new FakeStep()]) });
        // Stands in for `dotnet-repro`: receives `exec-step <request>` and copies the request and its malloc settings.
        IReadOnlyList<string> self = ["sh", "-c", "cp \"$2\" request.json; echo \"$GLIBC_TUNABLES\" >&2", "sh"];
        await using var services = RunnerServices.Open(project.Path, new CommandExecutor(self), steps: new StepCatalog([new FakeStep()]));

        var result = await new Runner(pipeline, services).RunAsync(new RunOptions(), CancellationToken.None);

        result.Succeeded.Should().BeTrue(result.Stages.Single().Reason);
        var request = JsonSerializer.Deserialize<StepRequest>(project.Read("request.json"), StepRequest.JsonOptions)!;
        request.Step.Should().Be("fake");
        request.Stage.Should().Be("train");
        request.RunId.Should().Be(result.RunId);
        request.With.ToJsonString().Should().Be("""{"lr":0.1,"model":{"type":"cnn"}}""");
        request.Outs.Should().Equal("request.json");
        request.Locations["with.model.type"].Should().Be(new SourceLocation("pipeline.yaml", 5, 41));
        var log = Directory.GetFiles(project.Resolve(".repro/runs"), "train.log", SearchOption.AllDirectories).Single();
        if (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is null)
            File.ReadAllText(log).Trim().Should().Be(CommandExecutor.TorchMallocTunables);
    }

    [Fact]
    public async Task A_stage_runs_with_params_and_seed_overridden_as_a_search_trial_and_a_repeated_trial_is_cached()
    {
        using var project = TempDir.Create();
        project.Write("params.yaml", "lr: 0.1\nother: 1\n");
        project.Write(
            "pipeline.yaml",
            """
            params: params.yaml
            stages:
              train:
                run: sh -c 'mkdir -p m; echo ${lr} $REPRO_SEED > out.txt; echo "{\"lr_used\":${lr}}" > m/m.json'
                outs: [out.txt]
                metrics: [m/m.json]
              unrelated:
                run: sh -c 'echo ${other} > other.txt'
                outs: [other.txt]
            """
        );
        await using var services = RunnerServices.Open(project.Path, new CommandExecutor(null));
        List<KeyValuePair<string, JsonNode?>> trialParams = [new("lr", JsonValue.Create(0.5))];

        var trial = await Runner.RunWithOverridesAsync(
            project.Path,
            "train",
            trialParams,
            77,
            services,
            new RunOptions { Kind = "trial" },
            default
        );
        var again = await Runner.RunWithOverridesAsync(
            project.Path,
            "train",
            trialParams,
            77,
            services,
            new RunOptions { Kind = "trial" },
            default
        );

        trial.Stages.Select(s => (s.Name, s.Status)).Should().Equal(("train", StageStatus.Executed));
        project.Read("out.txt").Should().Be("0.5 77\n");
        trial.Metrics["lr_used"].Should().Be(0.5);
        again.Stages.Single().Status.Should().Be(StageStatus.Cached);
        again.Metrics["lr_used"].Should().Be(0.5);
        project.Exists("other.txt").Should().BeFalse("only the target stage and what it needs run");
    }

    [Fact]
    public async Task A_search_stage_without_a_search_engine_fails_with_a_message()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages:\n  tune:\n    uses: search\n    with: { stage: train }\n");

        var result = await RunAsync(project);

        result
            .Stages.Single()
            .Reason.Should()
            .Be("stage 'tune' uses 'search', which runs inside the engine and is not available in this build yet");
    }

    private static bool Alive(int pid) =>
        Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "the condition should come true");
            await Task.Delay(50);
        }
    }

    private sealed class FakeStep : IBuiltinStep
    {
        public string Name => "fake";

        public string ImplementationVersion => "fake-1";

        public IReadOnlyList<Diagnostic> CheckArguments(JsonObject with, IReadOnlyDictionary<string, SourceLocation> locations) => [];

        public Task RunAsync(StepRequest request, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
