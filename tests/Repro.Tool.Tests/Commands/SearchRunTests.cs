using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Repro.Tests.Shared;

namespace Repro.Tool.Tests.Commands;

/// <summary>A <c>uses: search</c> stage run through the command line, as a user runs it.</summary>
public class SearchRunTests
{
    // loss = (x - 2)^2; a trial "crashes" (exit 3) when x > crash.
    private const string Train = """
          train:
            run: >-
              sh -c 'mkdir -p metrics && awk -v x=${train.x} -v t=$REPRO_THREADS
              "BEGIN { if (x > ${crash}) exit 3; printf \"{\\\"loss\\\": %.6f, \\\"threads\\\": %d}\n\", (x - 2) ^ 2, t }"
              > metrics/train.json'
            metrics: [metrics/train.json]
        """;

    private static TempDir Project(string tune, string train = Train, string crash = "100")
    {
        var project = TempDir.Create();
        project.Write("params.yaml", $"train:\n  x: 1.0\ncrash: {crash}\n");
        project.Write("pipeline.yaml", $"seed: 7\nparams: params.yaml\nstages:\n{train}\n{tune}\n");
        return project;
    }

    private static string Tune(int trials, string extra = "", string sampler = "random", string space = "{ train.x: \"uniform(0, 5)\" }") =>
        $"""
              tune:
                uses: search
                with:
                  stage: train
                  space: {space}
                  sampler: {sampler}
                  trials: {trials}
                  objective: {"{"} metric: loss, direction: minimize {"}"}
            {extra}
                outs: [search/]
            """;

    private static JsonElement[] Trials(TempDir project) =>
        [.. JsonDocument.Parse(project.Read("search/trials.json")).RootElement.GetProperty("trials").EnumerateArray()];

    // Three grid trials (x = 1, 4, 0.5) of a loss of x at every step, under a median pruner that judges from the second
    // trial on: only x = 4 is worse than the median, so the study ends complete, pruned, complete.
    private static async Task<TempDir> PrunedStudyAsync(string train)
    {
        var project = Project(
            Tune(3, "      pruner: { type: median, startup_trials: 1 }", sampler: "grid", space: "{ train.x: \"choice(1, 4, 0.5)\" }"),
            train
        );
        var result = await CliRunner.RunAsync(project, "run", "tune");
        result.ExitCode.Should().Be(0, result.Out + result.Error);
        Trials(project).Select(t => t.GetProperty("state").GetString()).Should().Equal("complete", "pruned", "complete");
        return project;
    }

    // The search stage's log: every trial's output, prefixed with the trial.
    private static string TuneLog(TempDir project) =>
        File.ReadAllText(
            Directory.GetFiles(Path.Combine(project.Path, ".repro", "runs"), "tune.log", SearchOption.AllDirectories).Single()
        );

    // Every trial's run in exp list, the upstream run aside, by name.
    private static string[] TrialRunNames(TempDir project)
    {
        var list = CliRunner.RunAsync(project, "exp", "list", "--json", "--kind", "trial").GetAwaiter().GetResult();
        return
        [
            .. JsonDocument
                .Parse(list.Out)
                .RootElement.EnumerateArray()
                .Where(e => e.GetProperty("kind").GetString() == "trial")
                .Select(e => e.GetProperty("name").GetString()!)
                .Order(StringComparer.Ordinal),
        ];
    }

    [Fact]
    public async Task I_can_run_a_search_and_get_the_best_params_a_trials_table_and_one_experiment_per_trial()
    {
        using var project = Project(Tune(5));

        var result = await CliRunner.RunAsync(project, "run", "tune");

        result.ExitCode.Should().Be(0, result.Out + result.Error);
        var trials = Trials(project);
        trials.Should().HaveCount(5);
        trials.Select(t => t.GetProperty("state").GetString()).Should().AllBe("complete");
        var best = trials.MinBy(t => t.GetProperty("value").GetDouble());
        var bestX = best.GetProperty("params").GetProperty("train.x").GetDouble();
        best.GetProperty("value").GetDouble().Should().BeApproximately(Math.Pow(bestX - 2, 2), 1e-5);
        project.Read("search/best.yaml").Should().Contain($"train:\n  x: {bestX.ToString("R", CultureInfo.InvariantCulture)}\n");
        project.Read("search/trials.csv").Split('\n')[0].Should().Be("number,run,state,value,seed,steps,last_step,train.x,message");
        TrialRunNames(project).Should().Equal("tune#0", "tune#1", "tune#2", "tune#3", "tune#4");
        var show = await CliRunner.RunAsync(project, "search", "show");
        show.Out.Should().Contain($"best trial {best.GetProperty("number").GetInt32()}: loss");
    }

    [Fact]
    public async Task The_best_params_file_works_as_a_param_file_of_a_later_stage()
    {
        using var project = Project(Tune(4));
        project.Write(
            "pipeline.yaml",
            project.Read("pipeline.yaml")
                + """
                  final:
                    run: sh -c 'mkdir -p report && cp search/best.yaml report/best.yaml'
                    deps: [search/]
                    outs: [report/]
                """
        );

        var result = await CliRunner.RunAsync(project, "run", "--json");

        result.ExitCode.Should().Be(0, result.Error);
        var stages = JsonDocument
            .Parse(result.Out)
            .RootElement.GetProperty("stages")
            .EnumerateArray()
            .Select(s => s.GetProperty("name").GetString());
        stages.Should().Equal("train", "tune", "final");
        var withBest = await CliRunner.RunAsync(project, "run", "train", "--json");
        withBest.ExitCode.Should().Be(0);
        project.Read("report/best.yaml").Should().StartWith("# Best params of study 'tune'");
    }

    [Fact]
    public async Task A_second_run_of_an_unchanged_search_reuses_its_trials_and_more_trials_continue_the_study()
    {
        using var project = Project(Tune(3));
        var first = await CliRunner.RunAsync(project, "run", "tune");
        var firstTrials = project.Read("search/trials.json");

        var again = await CliRunner.RunAsync(project, "run", "tune", "--json");
        project.Write("pipeline.yaml", project.Read("pipeline.yaml").Replace("trials: 3", "trials: 5", StringComparison.Ordinal));
        var more = await CliRunner.RunAsync(project, "run", "tune");

        first.ExitCode.Should().Be(0, first.Error);
        again.ExitCode.Should().Be(0, again.Error);
        JsonDocument.Parse(again.Out).RootElement.GetProperty("stages")[0].GetProperty("status").GetString().Should().Be("cached");
        more.ExitCode.Should().Be(0, more.Error);
        more.Out.Should().Contain("3 of 5 trials finished before");
        var trials = Trials(project);
        trials.Select(t => t.GetProperty("number").GetInt32()).Should().Equal(0, 1, 2, 3, 4);
        var before = JsonDocument.Parse(firstTrials).RootElement.GetProperty("trials").EnumerateArray().ToList();
        trials
            .Take(3)
            .Select(t => t.GetProperty("value").GetDouble())
            .Should()
            .Equal(before.Select(t => t.GetProperty("value").GetDouble()));
        TrialRunNames(project).Should().Equal("tune#0", "tune#1", "tune#2", "tune#3", "tune#4");
    }

    [Fact]
    public async Task A_changed_space_starts_a_new_study_keeps_the_old_one_and_says_so()
    {
        using var project = Project(Tune(3));
        var first = await CliRunner.RunAsync(project, "run", "tune");
        project.Write("pipeline.yaml", project.Read("pipeline.yaml").Replace("uniform(0, 5)", "uniform(1, 3)", StringComparison.Ordinal));

        var changed = await CliRunner.RunAsync(project, "run", "tune");

        first.ExitCode.Should().Be(0, first.Out + first.Error);
        changed.ExitCode.Should().Be(0, changed.Out + changed.Error);
        changed
            .Out.Should()
            .Contain(
                "space changed since study 'tune' (3 trials): a new study 'tune@2' starts; the previous one is kept as 'tune' "
                    + "('dotnet repro search show tune' shows it, 'dotnet repro search rm tune' drops it)"
            )
            .And.Contain("study 'tune@2': 0 of 3 trials finished before");
        JsonDocument.Parse(project.Read("search/trials.json")).RootElement.GetProperty("study").GetString().Should().Be("tune@2");
        Trials(project)
            .Select(t => t.GetProperty("params").GetProperty("train.x").GetDouble())
            .Should()
            .HaveCount(3)
            .And.OnlyContain(x => x >= 1 && x <= 3, "no trial of the old space feeds the new study");
        TrialRunNames(project).Should().Equal("tune#0", "tune#1", "tune#2", "tune@2#0", "tune@2#1", "tune@2#2");
        var list = await CliRunner.RunAsync(project, "search", "show");
        list.ExitCode.Should().Be(0, list.Error);
        var lines = list.Out.Split('\n');
        lines[0].Should().Be("2 studies; 'dotnet repro search show STUDY' shows one");
        lines[1].Should().MatchRegex(@"^  study\s+stage\s+trials\s+best\s+definition$");
        lines[2].Should().MatchRegex(@"^  tune\s+tune\s+3\s+loss .* \(#\d\)\s+space differs from pipeline.yaml$");
        lines[3].Should().MatchRegex(@"^  tune@2\s+tune\s+3\s+loss .* \(#\d\)\s+current: pipeline.yaml's definition$");
        var old = await CliRunner.RunAsync(project, "search", "show", "tune");
        old.Out.Should().StartWith("study tune: 3 trials (3 complete)");
        var current = await CliRunner.RunAsync(project, "search", "show", "tune@2");
        current.Out.Should().StartWith("study tune@2: 3 trials (3 complete)");
    }

    [Fact]
    public async Task Another_sampler_or_more_trials_go_on_with_the_study_and_another_direction_starts_a_new_one()
    {
        using var project = Project(Tune(3));
        var first = await CliRunner.RunAsync(project, "run", "tune");
        project.Write(
            "pipeline.yaml",
            project
                .Read("pipeline.yaml")
                .Replace("sampler: random", "sampler: tpe", StringComparison.Ordinal)
                .Replace("trials: 3", "trials: 4", StringComparison.Ordinal)
        );

        var more = await CliRunner.RunAsync(project, "run", "tune");
        project.Write(
            "pipeline.yaml",
            project.Read("pipeline.yaml").Replace("direction: minimize", "direction: maximize", StringComparison.Ordinal)
        );
        var maximize = await CliRunner.RunAsync(project, "run", "tune");

        first.ExitCode.Should().Be(0, first.Out + first.Error);
        more.ExitCode.Should().Be(0, more.Out + more.Error);
        more.Out.Should().Contain("study 'tune': 3 of 4 trials finished before").And.NotContain("changed since");
        maximize.ExitCode.Should().Be(0, maximize.Out + maximize.Error);
        maximize
            .Out.Should()
            .Contain("objective changed since study 'tune' (4 trials): a new study 'tune@2' starts")
            .And.Contain("study 'tune@2': 0 of 4 trials finished before");
    }

    [Fact]
    public async Task I_can_drop_a_study_with_its_trial_runs_and_an_unknown_study_is_refused_with_close_names()
    {
        using var project = Project(Tune(2));
        await CliRunner.RunAsync(project, "run", "tune");
        project.Write("pipeline.yaml", project.Read("pipeline.yaml").Replace("uniform(0, 5)", "uniform(1, 3)", StringComparison.Ordinal));
        await CliRunner.RunAsync(project, "run", "tune");

        var typo = await CliRunner.RunAsync(project, "search", "rm", "tnue");
        var removed = await CliRunner.RunAsync(project, "search", "rm", "tune");

        typo.ExitCode.Should().Be(2);
        typo.Error.Should().Be("error: no study named 'tnue'\n  hint: did you mean 'tune'?\n");
        typo.Out.Should().BeEmpty();
        removed.ExitCode.Should().Be(0, removed.Error);
        removed.Out.Should().Be("removed study 'tune': 2 trials, 2 trial runs (their cache objects go with the next 'repro gc')\n");
        TrialRunNames(project).Should().Equal("tune@2#0", "tune@2#1");
        var show = await CliRunner.RunAsync(project, "search", "show");
        show.Out.Should().StartWith("study tune@2: 2 trials");
        var again = await CliRunner.RunAsync(project, "search", "rm", "tune");
        again.ExitCode.Should().Be(2);
        again.Error.Should().Contain("no study named 'tune'").And.Contain("'tune@2'");
    }

    [Fact]
    public async Task Exp_list_shows_my_runs_with_a_line_per_study_and_the_trials_of_one_study_on_request()
    {
        using var project = Project(Tune(3));
        var run = await CliRunner.RunAsync(project, "run", "tune", "--name", "my-search");
        run.ExitCode.Should().Be(0, run.Out + run.Error);

        var list = await CliRunner.RunAsync(project, "exp", "list");
        var json = await CliRunner.RunAsync(project, "exp", "list", "--json");
        var trials = await CliRunner.RunAsync(project, "exp", "list", "--study", "tune");
        var trialsJson = await CliRunner.RunAsync(project, "exp", "list", "--study", "tune", "--json");
        var all = await CliRunner.RunAsync(project, "exp", "list", "--kind", "all", "--json");

        var lines = list.Out.TrimEnd().Split('\n');
        lines.Should().HaveCount(5, list.Out);
        lines[0].Should().StartWith("name");
        lines[1].Should().StartWith("my-search ");
        lines[2].Should().BeEmpty();
        lines[3].Should().Be("searches (their trials are not listed above; --kind all lists every run):");
        lines[4].Should().Be("  tune  3 trials: 3 succeeded  dotnet repro exp list --study tune");
        JsonDocument
            .Parse(json.Out)
            .RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("name").GetString(), e.GetProperty("kind").GetString()))
            .Should()
            .Equal(("my-search", "run"));
        var trialLines = trials.Out.TrimEnd().Split('\n');
        trialLines[0].Should().MatchRegex(@"^trial\s+state\s+loss\s+name\s+id\s+created\s+status\s+train\.x");
        trialLines.Skip(1).Select(l => l.Split(' ')[0]).Should().Equal("0", "1", "2");
        trialLines[1].Should().MatchRegex(@"^0\s+complete\s+[0-9.]+\s+tune#0\s");
        var stored = Trials(project);
        var entries = JsonDocument.Parse(trialsJson.Out).RootElement.EnumerateArray().ToList();
        entries.Select(e => e.GetProperty("trial").GetProperty("number").GetInt32()).Should().Equal(0, 1, 2);
        entries
            .Select(e => e.GetProperty("trial").GetProperty("value").GetDouble())
            .Should()
            .Equal(stored.Select(t => t.GetProperty("value").GetDouble()));
        entries.Should().OnlyContain(e => e.GetProperty("trial").GetProperty("state").GetString() == "complete");
        entries.Should().OnlyContain(e => e.GetProperty("trial").GetProperty("objective").GetString() == "loss");
        JsonDocument
            .Parse(all.Out)
            .RootElement.EnumerateArray()
            .Select(e => e.GetProperty("kind").GetString())
            .Should()
            .BeEquivalentTo(["run", "trial", "trial", "trial"], "train needs no upstream stage, so there is no tune#upstream run");
    }

    [Fact]
    public async Task Exp_list_refuses_an_unknown_kind_or_study_naming_what_it_expects()
    {
        using var project = Project(Tune(2));
        await CliRunner.RunAsync(project, "run", "tune");

        var kind = await CliRunner.RunAsync(project, "exp", "list", "--kind", "trials", "--json");
        var study = await CliRunner.RunAsync(project, "exp", "list", "--study", "tuen", "--json");
        var both = await CliRunner.RunAsync(project, "exp", "list", "--study", "tune", "--kind", "run");

        kind.ExitCode.Should().Be(2);
        kind.Out.Should().BeEmpty();
        kind.Error.Should().StartWith("error: --kind must be run, trial or all, not 'trials'");
        study.ExitCode.Should().Be(2);
        study.Out.Should().BeEmpty();
        study.Error.Should().Be("error: no study named 'tuen'\n  hint: did you mean 'tune'?\n");
        both.ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task A_crashing_trial_is_recorded_failed_and_the_study_goes_on()
    {
        using var project = Project(Tune(6, sampler: "grid", space: "{ train.x: \"choice(1, 4, 2, 3.5, 2.5, 0)\" }"), crash: "3");

        var result = await CliRunner.RunAsync(project, "run", "tune");

        result.ExitCode.Should().Be(0, result.Out + result.Error);
        var trials = Trials(project);
        trials
            .Select(t => t.GetProperty("state").GetString())
            .Should()
            .Equal("complete", "failed", "complete", "failed", "complete", "complete");
        trials[1].GetProperty("message").GetString().Should().Contain("stage 'train' failed").And.Contain("exit code 3");
        project.Read("search/best.yaml").Should().Contain("x: 2");
        var list = JsonDocument
            .Parse((await CliRunner.RunAsync(project, "exp", "list", "--json", "--kind", "trial")).Out)
            .RootElement.EnumerateArray();
        list.Single(e => e.GetProperty("name").GetString() == "tune#1").GetProperty("status").GetString().Should().Be("failed");
    }

    [Fact]
    public async Task A_point_that_makes_a_built_in_step_s_arguments_invalid_fails_that_trial_and_the_study_goes_on()
    {
        using var project = TempDir.Create();
        project.Write("series.csv", "value\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{i % 7}\n")));
        project.Write("params.yaml", "split: { val: 0.2 }\n");
        project.Write(
            "pipeline.yaml",
            """
            seed: 7
            params: params.yaml
            stages:
              windows:
                uses: data/sequence
                deps: [series.csv]
                with: { source: series.csv, column: value, window: 2, val_fraction: "${split.val}" }
                outs: [data/windows]
                metrics: [metrics/windows.json]
              tune:
                uses: search
                with:
                  stage: windows
                  space: { split.val: "choice(0.2, 1.5, 0.3)" }
                  sampler: grid
                  trials: 3
                  objective: { metric: val_windows, direction: maximize }
                outs: [search/]
            """
        );

        var result = await CliRunner.RunAsync(project, "run", "tune");

        result.ExitCode.Should().Be(0, result.Out + result.Error);
        var trials = Trials(project);
        trials.Select(t => t.GetProperty("state").GetString()).Should().Equal("complete", "failed", "complete");
        trials[1]
            .GetProperty("message")
            .GetString()
            .Should()
            .Be("pipeline.yaml:7:73: error: 'with.val_fraction': expected a number in [0, 1), got 1.5");
        project.Read("search/best.yaml").Should().Contain("val: 0.3");
    }

    [Fact]
    public async Task A_search_whose_every_trial_fails_fails_and_says_why()
    {
        using var project = Project(Tune(2), crash: "-1");

        var result = await CliRunner.RunAsync(project, "run", "tune");

        result.ExitCode.Should().Be(1);
        (result.Out + result.Error).Should().Contain("no trial of study 'tune' completed");
    }

    [Fact]
    public async Task An_invalid_search_is_rejected_with_positions_before_anything_runs()
    {
        using var project = Project(
            """
              tune:
                uses: search
                with:
                  stage: trian
                  space: { train.x: "uniform(5, 1)", train.y: "uniform(0, 1)" }
                  sampler: tpee
                  objective: { metric: loss, direction: up }
                outs: [search/]
            """
        );

        var result = await CliRunner.RunAsync(project, "run", "tune");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("pipeline.yaml:").And.Contain("stage 'trian'").And.Contain("hint: stages: train");
        result.Error.Should().Contain("low 5 is greater than high 1").And.Contain("unknown parameter 'train.y'");
        result.Error.Should().Contain("unknown sampler 'tpee'").And.Contain("'direction' must be minimize or maximize");
        Directory.Exists(Path.Combine(project.Path, ".repro", "runs")).Should().BeFalse();
    }

    [Fact]
    public async Task A_pruned_command_is_told_through_REPRO_CONTROL_and_stops()
    {
        // A custom trainer: reports loss = x at each of 8 steps and stops when the engine writes 'prune'.
        const string train = """
              train:
                run: >-
                  sh -c 'i=0; while [ $i -lt 8 ]; do i=$((i+1));
                  echo "{\"step\": $i, \"loss\": ${train.x}}" >> "$REPRO_METRICS_STREAM";
                  if grep -q prune "$REPRO_CONTROL" 2>/dev/null; then echo stopping; exit 0; fi; sleep 0.15; done;
                  mkdir -p metrics; echo "{\"loss\": ${train.x}}" > metrics/train.json'
                metrics: [metrics/train.json]
            """;
        using var project = await PrunedStudyAsync(train);

        var trials = Trials(project);
        trials[0].GetProperty("intermediate").EnumerateObject().Should().HaveCount(8);
        trials[1].GetProperty("intermediate").EnumerateObject().Count().Should().BeLessThan(8);
        TuneLog(project).Should().Contain("[#1 train] stopping").And.Contain("#1: pruned at step");
        var list = JsonDocument
            .Parse((await CliRunner.RunAsync(project, "exp", "list", "--json", "--kind", "trial")).Out)
            .RootElement.EnumerateArray();
        list.Single(e => e.GetProperty("name").GetString() == "tune#1").GetProperty("status").GetString().Should().Be("pruned");
    }

    [Fact]
    public async Task A_trainer_that_awaits_verdicts_is_pruned_at_the_very_step_the_pruner_judged()
    {
        // No sleep between steps: without waiting for the engine's word, where trial 1 stops would be a race. With
        // REPRO_CONTROL_AWAIT it waits after each step for 'continue N' or 'prune' (exit 3 if none comes in 10 s).
        const string train = """
              train:
                run: >-
                  sh -c 'echo "await $REPRO_CONTROL_AWAIT"; i=0; while [ $i -lt 6 ]; do i=$((i+1));
                  echo "{\"step\": $i, \"loss\": ${train.x}}" >> "$REPRO_METRICS_STREAM"; n=0;
                  while true; do c=$(cat "$REPRO_CONTROL" 2>/dev/null);
                  if [ "$c" = prune ]; then echo "pruned after $i"; exit 0; fi;
                  if [ "$c" = "continue $i" ]; then break; fi;
                  n=$((n+1)); if [ $n -gt 500 ]; then echo "no verdict on $i"; exit 3; fi; sleep 0.02; done; done;
                  mkdir -p metrics; echo "{\"loss\": ${train.x}}" > metrics/train.json'
                metrics: [metrics/train.json]
            """;
        using var project = await PrunedStudyAsync(train);

        var trials = Trials(project);
        trials[0].GetProperty("intermediate").EnumerateObject().Should().HaveCount(6);
        trials[1].GetProperty("intermediate").EnumerateObject().Select(p => p.Name).Should().Equal("1");
        trials[2].GetProperty("intermediate").EnumerateObject().Should().HaveCount(6);
        TuneLog(project).Should().Contain("[#0 train] await 10").And.Contain("[#1 train] pruned after 1").And.NotContain("no verdict");
    }

    [Fact]
    public async Task Without_a_pruner_trials_never_wait_for_verdicts()
    {
        const string train = """
              train:
                run: >-
                  sh -c 'echo "await [$REPRO_CONTROL_AWAIT]"; mkdir -p metrics; echo "{\"loss\": ${train.x}}" > metrics/train.json'
                metrics: [metrics/train.json]
            """;
        using var project = Project(Tune(1), train);

        var result = await CliRunner.RunAsync(project, "run", "tune");

        result.ExitCode.Should().Be(0, result.Out + result.Error);
        TuneLog(project).Should().Contain("[#0 train] await []");
    }

    [Fact]
    public async Task A_pruned_command_that_ignores_REPRO_CONTROL_is_killed_after_the_grace_period()
    {
        const string train = """
              train:
                run: >-
                  sh -c 'i=0; while [ $i -lt 40 ]; do i=$((i+1));
                  echo "{\"step\": $i, \"loss\": ${train.x}}" >> "$REPRO_METRICS_STREAM"; sleep 0.05; done;
                  mkdir -p metrics; echo "{\"loss\": ${train.x}}" > metrics/train.json'
                metrics: [metrics/train.json]
            """;
        using var project = Project(
            Tune(
                2,
                "      pruner: { type: median, startup_trials: 1 }\n      prune_grace: 0.3",
                sampler: "grid",
                space: "{ train.x: \"choice(1, 4)\" }"
            ),
            train
        );

        var result = await CliRunner.RunAsync(project, "run", "tune");

        result.ExitCode.Should().Be(0, result.Out + result.Error);
        var trials = Trials(project);
        trials.Select(t => t.GetProperty("state").GetString()).Should().Equal("complete", "pruned");
        trials[1].GetProperty("intermediate").EnumerateObject().Count().Should().BeLessThan(40);
        result.Out.Should().Contain("#1: did not stop within 0.3 s of being pruned: killed");
    }

    [Fact]
    public async Task Parallel_trials_run_in_separate_workspaces_with_a_share_of_the_cores_and_distinct_points()
    {
        const string train = """
              train:
                run: >-
                  sh -c 'mkdir -p metrics && sleep 0.3 && echo "{\"loss\": ${train.x}, \"threads\": $REPRO_THREADS}" > metrics/train.json'
                metrics: [metrics/train.json]
            """;
        using var project = Project(Tune(2, "      parallel: 2", sampler: "random", space: "{ train.x: \"choice(1, 2)\" }"), train);

        var result = await CliRunner.RunAsync(project, "run", "tune");

        result.ExitCode.Should().Be(0, result.Out + result.Error);
        result.Out.Should().Contain("2 running");
        var trials = Trials(project);
        trials
            .Select(t => t.GetProperty("params").GetProperty("train.x").GetInt64())
            .Should()
            .BeEquivalentTo([1L, 2L], "two running trials never share a point");
        var runs = JsonDocument
            .Parse((await CliRunner.RunAsync(project, "exp", "list", "--json", "--kind", "trial")).Out)
            .RootElement.EnumerateArray();
        var threads = runs.Where(e => e.GetProperty("name").GetString()!.StartsWith("tune#", StringComparison.Ordinal))
            .Select(e => e.GetProperty("metrics").GetProperty("threads").GetDouble())
            .ToList();
        threads.Should().HaveCount(2).And.AllBeEquivalentTo(Math.Max(1, Environment.ProcessorCount / 2));
        File.Exists(Path.Combine(project.Path, "metrics", "train.json")).Should().BeFalse("trials write in their own copies");
        Directory.Exists(Path.Combine(project.Path, ".repro", "search", "tune")).Should().BeFalse("worker copies are removed");
    }

    [Fact]
    public async Task A_killed_search_resumes_and_never_loses_a_finished_trial()
    {
        const string train = """
              train:
                run: >-
                  sh -c 'mkdir -p metrics && sleep 0.2 && echo "{\"loss\": ${train.x}}" > metrics/train.json && echo done >> "$SEARCH_MARKER"'
                metrics: [metrics/train.json]
            """;
        using var project = Project(Tune(8), train);
        var marker = Path.Combine(project.Path, "..", Path.GetFileName(project.Path) + ".marker");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = project.Path,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(typeof(ReproCli).Assembly.Location);
        info.ArgumentList.Add("run");
        info.ArgumentList.Add("tune");
        info.Environment["SEARCH_MARKER"] = marker;
        Environment.SetEnvironmentVariable("SEARCH_MARKER", marker);
        try
        {
            using (var child = Process.Start(info)!)
            {
                var clock = Stopwatch.StartNew();
                while ((!File.Exists(marker) || File.ReadAllLines(marker).Length < 3) && clock.Elapsed < TimeSpan.FromSeconds(60))
                    await Task.Delay(20);
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync();
            }
            File.ReadAllLines(marker).Length.Should().BeGreaterThanOrEqualTo(3);

            var resumed = await CliRunner.RunAsync(project, "run", "tune");

            resumed.ExitCode.Should().Be(0, resumed.Out + resumed.Error);
            var trials = Trials(project);
            var counted = trials.Where(t =>
                t.GetProperty("message").ValueKind == JsonValueKind.Null || t.GetProperty("message").GetString() != "interrupted"
            );
            counted.Should().HaveCount(8);
            counted.Select(t => t.GetProperty("state").GetString()).Should().AllBe("complete");
            trials
                .Take(2)
                .Select(t => t.GetProperty("state").GetString())
                .Should()
                .AllBe("complete", "trials finished before the kill are kept");
            var interrupted = trials.Length - counted.Count();
            File.ReadAllLines(marker).Length.Should().BeLessThanOrEqualTo(8 + interrupted, "a finished trial never runs again");
        }
        finally
        {
            Environment.SetEnvironmentVariable("SEARCH_MARKER", null);
            File.Delete(marker);
        }
    }
}
