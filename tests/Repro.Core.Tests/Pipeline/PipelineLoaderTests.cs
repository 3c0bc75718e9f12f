using System.Text.Json.Nodes;
using Repro.Core.Pipeline;
using Repro.Core.Steps;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Pipeline;

public class PipelineLoaderTests
{
    private static string Problems(TempDir project, PipelineLoadOptions? options = null)
    {
        var act = () => PipelineLoader.Load(project.Path, options);
        return act.Should().Throw<ReproException>().Which.Message.ReplaceLineEndings("\n");
    }

    [Fact]
    public void A_pipeline_of_run_stages_loads_with_interpolated_arguments_and_the_params_each_stage_reads()
    {
        using var project = TempDir.Create();
        project.Write("params.yaml", "train: { lr: 0.1, epochs: 3, name: 'big model' }\ndata: { rows: 10 }");
        project.Write("raw.csv", "x\n");
        project.Write(
            "pipeline.yaml",
            """
            seed: 7
            params: params.yaml
            stages:
              prepare:
                run: prep --rows ${data.rows} raw.csv
                deps: [raw.csv]
                outs: [data/clean.csv]
              train:
                run: train --lr=${train.lr} --name "${train.name}" 'a b'
                deps: [data/clean.csv]
                params: [train.epochs]
                outs: [models/]
                metrics: [metrics/train.json]
            """
        );

        var pipeline = PipelineLoader.Load(project.Path);

        pipeline.Seed.Should().Be(7);
        pipeline.Stages.Select(s => s.Name).Should().Equal("prepare", "train");
        pipeline["prepare"].Command.Should().Equal("prep", "--rows", "10", "raw.csv");
        pipeline["train"].Command.Should().Equal("train", "--lr=0.1", "--name", "big model", "a b");
        pipeline["train"].Params.Keys.Should().Equal("train.epochs", "train.lr", "train.name");
        pipeline["train"].Params["train.epochs"]!.GetValue<long>().Should().Be(3);
        pipeline["train"].Outs.Single().Path.Should().Be("models");
        pipeline["train"].Metrics.Single().Path.Should().Be("metrics/train.json");
        pipeline["train"].Seed.Should().Be(Repro.Core.Execution.Seeds.ForStage(7, "train"));
    }

    [Fact]
    public void A_whole_value_in_with_keeps_the_parameter_type_and_text_around_it_makes_text()
    {
        using var project = TempDir.Create();
        project.Write("params.yaml", "train: { lr: 0.01, epochs: 3, layers: [32, 64] }");
        project.Write(
            "pipeline.yaml",
            """
            params: params.yaml
            stages:
              train:
                uses: search
                with:
                  lr: ${train.lr}
                  epochs: "${train.epochs}"
                  channels: ${train.layers}
                  label: run-${train.epochs}
                  nested: { momentum: 0.9, list: [1, "${train.lr}"] }
            """
        );

        var stage = PipelineLoader.Load(project.Path)["train"];

        stage
            .With.ToJsonString()
            .Should()
            .Be("""{"lr":0.01,"epochs":3,"channels":[32,64],"label":"run-3","nested":{"momentum":0.9,"list":[1,0.01]}}""");
        stage.WithLocations["with.nested.momentum"].Should().Be(new SourceLocation("pipeline.yaml", 10, 27));
        stage.WithLocations["with.nested.list[1]"].Should().Be(new SourceLocation("pipeline.yaml", 10, 42));
        stage.Params.Keys.Should().Equal("train.epochs", "train.layers", "train.lr");
    }

    [Fact]
    public void Overrides_replace_params_typed_by_yaml_rules()
    {
        using var project = TempDir.Create();
        project.Write("params.yaml", "train: { lr: 0.1, name: a }");
        project.Write("pipeline.yaml", "params: params.yaml\nstages:\n  train:\n    run: train ${train.lr} ${train.name}\n");

        var pipeline = PipelineLoader.Load(
            project.Path,
            new PipelineLoadOptions { Overrides = ParamOverrides.Parse(["train.lr=0.01", "train.name='007'"]) }
        );

        pipeline["train"].Command.Should().Equal("train", "0.01", "007");
        pipeline.Params["train"]!["lr"]!.GetValue<double>().Should().Be(0.01);
        pipeline.Params["train"]!["name"]!.GetValue<string>().Should().Be("007");
    }

    [Fact]
    public void Several_params_files_merge_in_order_and_json_is_accepted()
    {
        using var project = TempDir.Create();
        project.Write("params.yaml", "train: { lr: 0.1, epochs: 3 }");
        project.Write("more.json", """{"train": {"lr": 0.5}}""");
        project.Write("pipeline.yaml", "params: [params.yaml, more.json]\nstages:\n  train:\n    run: train ${train.lr} ${train.epochs}\n");

        PipelineLoader.Load(project.Path)["train"].Command.Should().Equal("train", "0.5", "3");
    }

    [Fact]
    public void Foreach_over_a_list_expands_to_one_stage_per_item()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              build:
                foreach: [us, uk]
                do:
                  run: build ${item}
                  outs:
                    - out/${item}.txt
            """
        );

        var pipeline = PipelineLoader.Load(project.Path);

        pipeline.Stages.Select(s => s.Name).Should().Equal("build@us", "build@uk");
        pipeline["build@uk"].Command.Should().Equal("build", "uk");
        pipeline["build@uk"].Outs.Single().Path.Should().Be("out/uk.txt");
    }

    [Fact]
    public void Foreach_over_a_mapping_names_stages_by_key_and_gives_key_and_item()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              train:
                foreach:
                  small: { lr: 0.1 }
                  large: { lr: 0.01 }
                run: train ${key} ${item.lr}
            """
        );

        var pipeline = PipelineLoader.Load(project.Path);

        pipeline.Stages.Select(s => s.Name).Should().Equal("train@small", "train@large");
        pipeline["train@large"].Command.Should().Equal("train", "large", "0.01");
    }

    [Fact]
    public void Foreach_can_take_its_values_from_a_parameter()
    {
        using var project = TempDir.Create();
        project.Write("params.yaml", "regions: [eu, us]");
        project.Write(
            "pipeline.yaml",
            "params: params.yaml\nstages:\n  build:\n    foreach: ${regions}\n    do:\n      run: build ${item}\n"
        );

        PipelineLoader.Load(project.Path).Stages.Select(s => s.Name).Should().Equal("build@eu", "build@us");
    }

    [Fact]
    public void A_matrix_expands_to_every_combination()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              train:
                matrix:
                  model: [cnn, mlp]
                  lr: [0.1, 0.01]
                run: train ${item.model} ${item.lr}
            """
        );

        var pipeline = PipelineLoader.Load(project.Path);

        pipeline.Stages.Select(s => s.Name).Should().Equal("train@cnn-0.1", "train@cnn-0.01", "train@mlp-0.1", "train@mlp-0.01");
        pipeline["train@mlp-0.01"].Command.Should().Equal("train", "mlp", "0.01");
    }

    [Fact]
    public void Metrics_can_carry_tolerances_for_verify()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              eval:
                run: eval
                metrics:
                  - path: metrics/eval.json
                    tolerance: { acc: 0.01, loss: 1 }
                  - metrics/other.json
            """
        );

        var metrics = PipelineLoader.Load(project.Path)["eval"].Metrics;

        metrics.Select(m => m.Path).Should().Equal("metrics/eval.json", "metrics/other.json");
        metrics[0].Tolerances.Should().BeEquivalentTo(new Dictionary<string, double> { ["acc"] = 0.01, ["loss"] = 1 });
    }

    [Fact]
    public void Plots_are_paths_or_dvc_style_maps_naming_their_x_and_y_fields()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              train:
                run: train
                plots:
                  - logs/history.csv: { x: epoch, y: [train_loss, val_loss] }
                  - logs/lr.csv: { y: lr }
                  - logs/other.tsv
            """
        );

        var stage = PipelineLoader.Load(project.Path)["train"];

        stage.Plots.Select(p => (p.Path, p.X, p.Y)).Should().HaveCount(3);
        stage
            .Plots[0]
            .Should()
            .BeEquivalentTo(
                new
                {
                    Path = "logs/history.csv",
                    X = "epoch",
                    Y = new[] { "train_loss", "val_loss" },
                }
            );
        stage
            .Plots[1]
            .Should()
            .BeEquivalentTo(
                new
                {
                    Path = "logs/lr.csv",
                    X = (string?)null,
                    Y = new[] { "lr" },
                }
            );
        stage
            .Plots[2]
            .Should()
            .BeEquivalentTo(
                new
                {
                    Path = "logs/other.tsv",
                    X = (string?)null,
                    Y = (string[]?)null,
                }
            );
        stage.Outputs.Select(o => o.Path).Should().Equal("logs/history.csv", "logs/lr.csv", "logs/other.tsv");
    }

    [Fact]
    public void A_malformed_plots_entry_says_what_was_expected()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              train:
                run: train
                plots:
                  - logs/a.csv: { x: epoch, colour: red }
                  - { a: 1, b: 2 }
            """
        );

        var problems = Problems(project);

        problems.Should().Contain("pipeline.yaml:5:33: error:").And.Contain("colour");
        problems
            .Should()
            .Contain("pipeline.yaml:6:9: error: expected text for 'plots' of stage 'train' (a path, or 'path: {x: field, y: [fields]}')");
    }

    [Fact]
    public void A_stage_seed_overrides_the_derived_one()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "seed: 1\nstages:\n  a:\n    run: a\n    seed: 99\n");

        PipelineLoader.Load(project.Path)["a"].Seed.Should().Be(99);
    }

    [Fact]
    public void A_doubled_dollar_keeps_a_literal_interpolation_for_the_shell()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages:\n  a:\n    run: sh -c 'echo $${HOME}'\n");

        PipelineLoader.Load(project.Path)["a"].Command.Should().Equal("sh", "-c", "echo ${HOME}");
    }

    [Fact]
    public void A_uses_stage_names_a_step_from_the_catalogue()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages:\n  a:\n    uses: fake\n    with: { x: 1 }\n");

        var stage = PipelineLoader.Load(project.Path, new PipelineLoadOptions { Steps = new StepCatalog([new FakeStep("fake")]) })["a"];

        stage.Uses.Should().Be("fake");
        stage.With["x"]!.GetValue<long>().Should().Be(1);
    }

    // ---- every bad input, each with its whole message ----

    [Fact]
    public void An_unknown_parameter_is_reported_at_its_position_with_a_suggestion()
    {
        using var project = TempDir.Create();
        project.Write("params.yaml", "train: { lr: 0.1 }");
        project.Write(
            "pipeline.yaml",
            """
            params: params.yaml
            stages:
              train:
                run: train --lr ${train.lrr}
            """
        );

        Problems(project)
            .Should()
            .Be(
                """
                pipeline.yaml:4:21: error: unknown parameter 'train.lrr'
                  hint: did you mean 'train.lr'?
                """
            );
    }

    [Fact]
    public void Malformed_yaml_is_reported_at_its_position()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages:\n  a:\n    run: [a\n");

        Problems(project).Should().StartWith("pipeline.yaml:4:1: error: this is not valid YAML: ");
    }

    [Fact]
    public void Every_problem_in_a_file_is_reported_at_once()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            sed: 1
            stages:
              a:
                run: a
                uses: search
              b:
                outz: [x]
              c:
                uses: trian
            """
        );

        Problems(project)
            .Should()
            .Be(
                """
                pipeline.yaml:1:1: error: unknown key 'sed' in the pipeline
                  hint: did you mean 'seed'?
                pipeline.yaml:3:3: error: stage 'a' has both 'run' and 'uses'
                  hint: a stage runs either a command ('run') or a built-in step ('uses'), not both
                pipeline.yaml:7:5: error: unknown key 'outz' in stage 'b'
                  hint: did you mean 'outs'?
                pipeline.yaml:6:3: error: stage 'b' has neither 'run' nor 'uses'
                  hint: add 'run: <command>' or 'uses: <built-in step>'
                pipeline.yaml:9:11: error: unknown step 'trian'
                  hint: built-in steps: search
                """
            );
    }

    [Fact]
    public void An_unknown_step_suggests_the_closest_built_in_step()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages:\n  a:\n    uses: trian\n");

        Problems(project, new PipelineLoadOptions { Steps = new StepCatalog([new FakeStep("train"), new FakeStep("evaluate")]) })
            .Should()
            .Be(
                """
                pipeline.yaml:3:11: error: unknown step 'trian'
                  hint: did you mean 'train'?
                """
            );
    }

    // ---- a built-in step's arguments, checked when the pipeline loads ----

    private static readonly PipelineLoadOptions WithTrain = new() { Steps = new StepCatalog([new TrainLikeStep()]) };

    [Fact]
    public void A_step_s_bad_arguments_are_reported_at_load_with_the_loader_s_own_problems()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              prepare:
                run: prepare ${rows}
              train:
                uses: train
                with: { data: d, epoch: 3, lr: -1 }
              again:
                uses: train
                with:
                  data: [d]
            """
        );

        Problems(project, WithTrain)
            .Should()
            .Be(
                """
                pipeline.yaml:3:18: error: unknown parameter 'rows'
                pipeline.yaml:6:29: error: unknown key 'with.epoch'
                  hint: did you mean 'epochs'?
                pipeline.yaml:6:36: error: 'with.lr': expected a positive number, got -1
                pipeline.yaml:10:13: error: 'with.data': expected a string, got ["d"]
                """
            );
    }

    [Fact]
    public void A_step_s_arguments_are_checked_after_set_and_interpolation()
    {
        using var project = TempDir.Create();
        project.Write("params.yaml", "train: { epochs: 3 }");
        project.Write(
            "pipeline.yaml",
            """
            params: params.yaml
            stages:
              train:
                uses: train
                with: { data: d, epochs: "${train.epochs}" }
            """
        );

        PipelineLoader.Load(project.Path, WithTrain)["train"].With["epochs"]!.GetValue<long>().Should().Be(3);
        Problems(project, WithTrain with { Overrides = ParamOverrides.Parse(["train.epochs=0"]) })
            .Should()
            .Be("pipeline.yaml:5:30: error: 'with.epochs': expected a positive integer, got 0");
    }

    [Fact]
    public void An_argument_naming_an_unknown_parameter_is_reported_once_as_the_unknown_parameter()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              train:
                uses: train
                with: { data: "${data_dir}" }
            """
        );

        Problems(project, WithTrain).Should().Be("pipeline.yaml:4:20: error: unknown parameter 'data_dir'");
    }

    [Fact]
    public void A_foreach_stage_s_bad_argument_is_reported_once_and_a_missing_with_at_its_uses()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              fit:
                foreach: [1, 2, 3]
                do:
                  uses: train
                  with: { data: d, epochs: "${item}", lr: 0 }
              bare:
                uses: train
            """
        );

        Problems(project, WithTrain)
            .Should()
            .Be(
                """
                pipeline.yaml:6:47: error: 'with.lr': expected a positive number, got 0
                pipeline.yaml:8:11: error: missing required key 'with.data'
                """
            );
    }

    [Fact]
    public void An_unknown_key_far_from_any_known_one_lists_the_expected_keys()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages:\n  a:\n    run: a\n    frobnicate: 1\n");

        Problems(project)
            .Should()
            .Be(
                """
                pipeline.yaml:4:5: error: unknown key 'frobnicate' in stage 'a'
                  hint: expected one of: run, uses, with, deps, outs, params, metrics, plots, seed, desc, executor, foreach, matrix, do
                """
            );
    }

    [Fact]
    public void An_unknown_executor_type_is_reported_at_its_position()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "executor: { type: x }\nstages:\n  a:\n    run: a\n");

        Problems(project)
            .Should()
            .Be(
                """
                pipeline.yaml:1:19: error: unknown executor type 'x'
                  hint: use one of local, slurm
                """
            );
    }

    [Fact]
    public void A_pipeline_without_stages_is_an_error()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "seed: 1\n");

        Problems(project)
            .Should()
            .Be(
                """
                pipeline.yaml:1:1: error: the pipeline has no stages
                  hint: add 'stages:' with at least one stage that has 'run:' or 'uses:'
                """
            );
    }

    [Fact]
    public void Wrong_shapes_say_what_was_expected()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            seed: forty
            stages:
              a:
                run: [a, b]
                deps: { x: 1 }
              b:
                run: b
                with: 3
            """
        );

        Problems(project)
            .Should()
            .Be(
                """
                pipeline.yaml:1:7: error: expected an integer for 'seed', found 'forty'
                pipeline.yaml:4:10: error: expected text for 'run' of stage 'a', found a list
                pipeline.yaml:5:11: error: expected a list or a single value for 'deps' of stage 'a', found a mapping
                pipeline.yaml:8:11: error: stage 'b' has 'with' but no 'uses'
                  hint: 'with' gives the arguments of a built-in step named by 'uses'
                """
            );
    }

    [Fact]
    public void An_unclosed_quote_and_an_unclosed_interpolation_are_reported_where_they_start()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages:\n  a:\n    run: echo 'abc\n  b:\n    run: echo ${abc\n");

        Problems(project)
            .Should()
            .Be(
                """
                pipeline.yaml:3:15: error: unclosed ' in the command (expected a closing ')
                pipeline.yaml:5:15: error: unclosed '${' (expected '}' after the parameter name)
                """
            );
    }

    [Fact]
    public void An_unknown_parameter_in_params_is_reported()
    {
        using var project = TempDir.Create();
        project.Write("params.yaml", "train: { epochs: 3 }");
        project.Write("pipeline.yaml", "params: params.yaml\nstages:\n  a:\n    run: a\n    params: [train.epoch]\n");

        Problems(project)
            .Should()
            .Be(
                """
                pipeline.yaml:5:14: error: unknown parameter 'train.epoch'
                  hint: did you mean 'train.epochs'?
                """
            );
    }

    [Fact]
    public void A_missing_params_file_is_reported_where_it_is_named()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "params: params.yaml\nstages:\n  a:\n    run: a\n");

        Problems(project).Should().Be("pipeline.yaml:1:9: error: parameter file 'params.yaml' does not exist");
    }

    [Fact]
    public void An_override_of_an_unknown_parameter_is_an_error()
    {
        using var project = TempDir.Create();
        project.Write("params.yaml", "train: { lr: 0.1 }");
        project.Write("pipeline.yaml", "params: params.yaml\nstages:\n  a:\n    run: a\n");

        Problems(project, new PipelineLoadOptions { Overrides = ParamOverrides.Parse(["train.rl=1"]) })
            .Should()
            .Be(
                """
                error: --set: unknown parameter 'train.rl'
                  hint: did you mean 'train.lr'?
                """
            );
    }

    [Fact]
    public void An_override_without_equals_is_an_error()
    {
        var act = () => ParamOverrides.Parse(["train.lr"]);

        act.Should()
            .Throw<ReproException>()
            .Which.Message.ReplaceLineEndings("\n")
            .Should()
            .Be(
                """
                error: --set 'train.lr' is not of the form name=value
                  hint: for example --set train.lr=0.01
                """
            );
    }

    [Fact]
    public void Paths_that_leave_the_project_are_errors()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages:\n  a:\n    run: a\n    outs: [../x, /etc/passwd, data/../../y]\n");

        Problems(project)
            .Should()
            .Be(
                """
                pipeline.yaml:4:12: error: '../x' is outside the project directory
                  hint: paths are relative to the folder of pipeline.yaml and stay inside it
                pipeline.yaml:4:18: error: '/etc/passwd' is an absolute path
                  hint: paths are relative to the folder of pipeline.yaml and stay inside it
                pipeline.yaml:4:31: error: 'data/../../y' is outside the project directory
                  hint: paths are relative to the folder of pipeline.yaml and stay inside it
                """
            );
    }

    [Fact]
    public void Duplicate_outs_and_an_out_of_two_stages_are_errors()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              a:
                run: a
                outs: [x, x]
              b:
                run: b
                outs: [y]
                metrics: [x]
            """
        );

        Problems(project)
            .Should()
            .Be(
                """
                pipeline.yaml:4:15: error: 'x' is declared twice in stage 'a'
                pipeline.yaml:8:15: error: 'x' is produced by both 'a' and 'b'
                  hint: every output has exactly one stage that writes it
                """
            );
    }

    [Fact]
    public void A_dep_that_neither_exists_nor_is_produced_is_an_error()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages:\n  a:\n    run: a\n    outs: [data]\n  b:\n    run: b\n    deps: [data/x.csv, raw.csv]\n");

        Problems(project)
            .Should()
            .Be("pipeline.yaml:7:24: error: dependency 'raw.csv' of stage 'b' does not exist and no stage produces it");
    }

    [Fact]
    public void A_cycle_is_named()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              a:
                run: a
                deps: [y]
                outs: [x]
              b:
                run: b
                deps: [x]
                outs: [y]
            """
        );

        Problems(project)
            .Should()
            .Be(
                """
                pipeline.yaml:2:3: error: the stages form a cycle: a -> b -> a
                  hint: a stage cannot depend, directly or not, on its own outputs
                """
            );
    }

    [Fact]
    public void A_parameter_that_is_a_mapping_cannot_be_written_inside_a_command()
    {
        using var project = TempDir.Create();
        project.Write("params.yaml", "train: { lr: 0.1 }");
        project.Write("pipeline.yaml", "params: params.yaml\nstages:\n  a:\n    run: a ${train}\n");

        Problems(project)
            .Should()
            .Be(
                """
                pipeline.yaml:4:12: error: 'train' is a mapping and cannot be written inside text
                  hint: use it as a whole value ("${train}") in 'with:'
                """
            );
    }

    [Fact]
    public void Foreach_problems_are_reported()
    {
        using var project = TempDir.Create();
        project.Write(
            "pipeline.yaml",
            """
            stages:
              a:
                foreach: []
                do: { run: a }
              b:
                foreach: [x]
                matrix: { y: [1] }
                run: b
              c:
                do: { run: c }
              'd e':
                run: d
            """
        );

        Problems(project)
            .Should()
            .Be(
                """
                pipeline.yaml:3:14: error: 'foreach' of stage 'a' has no values
                pipeline.yaml:5:3: error: stage 'b' has both 'foreach' and 'matrix'
                pipeline.yaml:10:9: error: stage 'c' has 'do' but no 'foreach'
                pipeline.yaml:11:3: error: stage name 'd e' may only contain letters, digits, '_', '-' and '.'
                """
            );
    }

    [Fact]
    public void A_missing_pipeline_is_reported_with_a_hint_to_init()
    {
        using var dir = TempDir.Create();

        var act = () => ProjectLocator.Find(dir.Path);

        act.Should()
            .Throw<ReproException>()
            .Which.Message.ReplaceLineEndings("\n")
            .Should()
            .Be($"error: no pipeline.yaml in '{dir.Path}' or any folder above it\n  hint: run 'dotnet repro init' to start one here");
    }

    [Fact]
    public void The_project_is_the_nearest_folder_upwards_with_a_pipeline()
    {
        using var project = TempDir.Create();
        project.Write("pipeline.yaml", "stages: {}");
        var nested = project.Resolve("src/deep");
        Directory.CreateDirectory(nested);

        ProjectLocator.Find(nested).Should().Be(project.Path);
    }

    /// <summary>Reads its arguments as the built-in steps do: <c>data</c> (required), <c>epochs</c>, <c>lr</c>.</summary>
    private sealed class TrainLikeStep : BuiltinStep<(string Data, int Epochs, double Lr)>
    {
        public override string Name => "train";

        public override string ImplementationVersion => "1";

        protected override (string Data, int Epochs, double Lr) ReadArguments(StepArguments with) =>
            (with.GetString("data"), with.GetInt("epochs", 10, min: 1), with.GetDouble("lr", 0.1, NumberRange.Positive));

        protected override Task RunAsync(
            StepRequest request,
            (string Data, int Epochs, double Lr) arguments,
            StepArguments with,
            CancellationToken cancellationToken
        ) => Task.CompletedTask;
    }

    private sealed class FakeStep(string name) : IBuiltinStep
    {
        public string Name => name;

        public string ImplementationVersion => "1";

        public IReadOnlyList<Diagnostic> CheckArguments(JsonObject with, IReadOnlyDictionary<string, SourceLocation> locations) => [];

        public Task RunAsync(StepRequest request, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
