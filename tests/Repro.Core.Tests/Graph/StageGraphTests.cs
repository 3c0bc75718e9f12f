using Repro.Core.Graph;
using Repro.Core.Pipeline;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Graph;

public class StageGraphTests
{
    private static StageGraph Load(string yaml, params string[] files)
    {
        using var project = TempDir.Create();
        foreach (var file in files)
            project.Write(file, "x");
        project.Write("pipeline.yaml", yaml);
        return new StageGraph(PipelineLoader.Load(project.Path));
    }

    private const string Diamond = """
        stages:
          report:
            run: report
            deps: [metrics/eval.json, models]
          train:
            run: train
            deps: [data/clean]
            outs: [models]
          prepare:
            run: prepare
            deps: [raw.csv]
            outs: [data/clean]
          evaluate:
            run: evaluate
            deps: [models/model.pt, data/clean/test.csv]
            metrics: [metrics/eval.json]
        """;

    [Fact]
    public void Stages_are_ordered_after_what_they_need_and_otherwise_keep_file_order()
    {
        var graph = Load(Diamond, "raw.csv");

        graph.Order.Select(s => s.Name).Should().Equal("prepare", "train", "evaluate", "report");
    }

    [Fact]
    public void A_dep_inside_an_out_folder_links_to_the_stage_that_writes_the_folder()
    {
        var graph = Load(Diamond, "raw.csv");

        graph.Upstream("evaluate").Should().Equal("train", "prepare");
        graph.Downstream("train").Should().BeEquivalentTo("report", "evaluate");
        graph.ProducerOf("data/clean/test.csv").Should().Be("prepare");
        graph.ProducerOf("raw.csv").Should().BeNull();
    }

    [Fact]
    public void The_closure_of_a_target_is_the_target_and_everything_it_needs()
    {
        var graph = Load(Diamond, "raw.csv");

        graph.Closure(["evaluate"]).Select(s => s.Name).Should().Equal("prepare", "train", "evaluate");
        graph.Closure([]).Should().HaveCount(4);
    }

    [Fact]
    public void An_unknown_target_is_an_error_with_a_suggestion()
    {
        var graph = Load(Diamond, "raw.csv");

        var act = () => graph.Closure(["evaluat"]);

        act.Should()
            .Throw<ReproException>()
            .Which.Message.ReplaceLineEndings("\n")
            .Should()
            .Be("error: unknown stage 'evaluat'\n  hint: did you mean 'evaluate'?");
    }

    [Fact]
    public void The_text_dag_lists_each_stage_with_what_it_needs()
    {
        var graph = Load(Diamond, "raw.csv");

        DagRenderer
            .Text(graph)
            .Should()
            .Be(
                """
                prepare
                train     <- prepare
                evaluate  <- train, prepare
                report    <- train, evaluate

                """
            );
    }

    [Fact]
    public void The_mermaid_dag_is_a_flowchart_with_quoted_names()
    {
        var graph = Load(
            "stages:\n  a:\n    run: a\n    outs: [x]\n  b:\n    foreach: [1, 2]\n    do:\n      run: b\n      deps: [x]\n",
            []
        );

        DagRenderer
            .Mermaid(graph)
            .Should()
            .Be(
                """
                flowchart TD
                    s0["a"]
                    s1["b@1"]
                    s2["b@2"]
                    s0 --> s1
                    s0 --> s2

                """
            );
    }

    [Fact]
    public void A_three_stage_cycle_is_named_in_data_flow_order()
    {
        var cycle = CycleFinder.Find(
            new Dictionary<string, IReadOnlyList<string>>
            {
                ["a"] = ["c"],
                ["b"] = ["a"],
                ["c"] = ["b"],
            }
        );

        cycle.Should().Equal("a", "b", "c", "a");
    }
}
