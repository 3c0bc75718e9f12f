using Repro.Core.Pipeline;
using Repro.Core.Search;
using Repro.Core.Search.Execution;
using Repro.Core.Search.Pruners;
using Repro.Core.Search.Samplers;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Search.Execution;

public class SearchStageOptionsTests
{
    private static PipelineFile Load(string tune)
    {
        using var project = TempDir.Create();
        project.Write("params.yaml", "train: { lr: 0.1, dropout: 0.2, epochs: 3 }\n");
        project.Write(
            "pipeline.yaml",
            "seed: 1\nparams: params.yaml\nstages:\n"
                + "  prepare:\n    run: sh -c 'mkdir -p data && touch data/x'\n    outs: [data/x]\n"
                + "  train:\n    run: sh -c 'echo ${train.lr} ${train.dropout} ${train.epochs}'\n    deps: [data/x, code.sh]\n    outs: [model.txt]\n"
                + "  evaluate:\n    run: sh -c 'cat model.txt'\n    deps: [model.txt]\n    metrics: [eval.json]\n"
                + tune
        );
        project.Write("code.sh", "true\n");
        return PipelineLoader.Load(project.Path);
    }

    [Fact]
    public void A_search_stage_reads_its_options_and_takes_defaults_for_the_rest()
    {
        var pipeline = Load(
            """
              tune:
                uses: search
                with:
                  stage: train
                  space: { train.lr: "loguniform(1e-4, 1e-1)" }
                  objective: { metric: val_acc, direction: maximize, stage: evaluate }
                  timeout: 30m
                outs: [search/best.yaml]
            """
        );

        var options = SearchStageOptions.Read(pipeline, pipeline["tune"], 99);

        options.Target.Should().Be("train");
        options.ObjectiveStage.Should().Be("evaluate");
        options.Direction.Should().Be(StudyDirection.Maximize);
        options.Trials.Should().Be(20);
        options.Parallel.Should().Be(1);
        options.Timeout.Should().Be(TimeSpan.FromMinutes(30));
        options.Seed.Should().Be(99);
        options.Sampler.Should().BeOfType<Repro.Core.Search.Samplers.Tpe.TpeSampler>();
        options.Pruner.Should().BeOfType<NopPruner>();
        options.OutDirPath.Should().Be("search");
    }

    [Fact]
    public void Every_problem_of_a_search_stage_is_reported_at_once_at_its_position()
    {
        var pipeline = Load(
            """
              tune:
                uses: search
                with:
                  stage: train
                  space: { train.lr: "loguniform(0, 1)", train.momentum: "uniform(0, 1)" }
                  sampler: { type: grid }
                  pruner: medain
                  trials: 0
                  parallel: two
                  objective: { metric: acc, stage: prepare }
                  seeed: 3
            """
        );

        var act = () => SearchStageOptions.Read(pipeline, pipeline["tune"], 1);

        var problems = act.Should().Throw<ReproException>().Which.Diagnostics.Select(d => d.ToString()).ToList();
        problems.Should().HaveCount(8);
        problems
            .Should()
            .Contain(p =>
                p.StartsWith("pipeline.yaml:", StringComparison.Ordinal)
                && p.Contains("has no option 'seeed'", StringComparison.Ordinal)
                && p.Contains("did you mean 'seed'?", StringComparison.Ordinal)
            );
        problems.Should().Contain(p => p.Contains("objective stage 'prepare' does not depend on 'train'", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Contains("a log scale needs low > 0", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Contains("unknown parameter 'train.momentum'", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Contains("unknown pruner 'medain'", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Contains("'trials' must be a whole number of at least 1", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Contains("'parallel' must be a whole number of at least 1", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Contains("declares no folder for its results", StringComparison.Ordinal));
    }

    [Fact]
    public void A_search_depends_on_its_targets_inputs_and_fixed_params_but_not_on_the_searched_ones()
    {
        var pipeline = Load(
            """
              tune:
                uses: search
                with:
                  stage: train
                  space: { train.lr: "loguniform(1e-4, 1e-1)" }
                  objective: { metric: acc, stage: evaluate }
                outs: [search/]
            """
        );

        var tune = pipeline["tune"];

        tune.Deps.Select(d => d.Path).Should().Equal("data/x", "code.sh");
        tune.Params.Keys.Should().Equal("train.dropout", "train.epochs");
        new Repro.Core.Graph.StageGraph(pipeline).Upstream("tune").Should().Equal("prepare");
    }
}
