using System.Text.Json.Nodes;
using Repro.Core.Search.SearchSpace;
using Space = Repro.Core.Search.SearchSpace.SearchSpace;

namespace Repro.Core.Tests.Search.SearchSpace;

public class SearchSpaceTests
{
    private static readonly Dictionary<string, SourceLocation> Locations = new()
    {
        ["with.space"] = new("pipeline.yaml", 7, 7),
        ["with.space.a"] = new("pipeline.yaml", 8, 12),
        ["with.space.b"] = new("pipeline.yaml", 9, 12),
        ["with.space.c"] = new("pipeline.yaml", 10, 12),
        ["with.space.d"] = new("pipeline.yaml", 11, 12),
        ["with.space.e"] = new("pipeline.yaml", 12, 12),
        ["with.space.e.when"] = new("pipeline.yaml", 12, 20),
    };

    private static Space Parse(string json) => Space.Parse(JsonNode.Parse(json)!.AsObject(), Locations);

    [Theory]
    [InlineData("uniform(0, 0.5)", "uniform(0, 0.5)")]
    [InlineData("loguniform(1e-4, 1e-1)", "loguniform(0.0001, 0.1)")]
    [InlineData("int(1, 8)", "int(1, 8)")]
    [InlineData("int(16, 512, log)", "int(16, 512, log)")]
    [InlineData("logint(16, 512)", "int(16, 512, log)")]
    [InlineData("choice(sgd, 'adam w', 0.5, 3, true)", "choice(sgd, adam w, 0.5, 3, true)")]
    public void Each_distribution_is_read_from_its_text(string text, string expected)
    {
        var space = Parse($$"""{"a": "{{text}}"}""");

        space.Parameters.Should().ContainSingle().Which.Distribution.ToString().Should().Be(expected);
    }

    [Fact]
    public void Choice_values_keep_their_kind()
    {
        var choice = (CategoricalDistribution)Parse("""{"a": "choice(sgd, 0.5, 3, false)"}""")["a"].Distribution;

        choice.Choices.Should().Equal("sgd", 0.5, 3L, false);
    }

    [Fact]
    public void A_yaml_list_is_a_choice()
    {
        var choice = (CategoricalDistribution)Parse("""{"a": [64, 128, "wide", true]}""")["a"].Distribution;

        choice.Choices.Should().Equal(64L, 128L, "wide", true);
    }

    [Fact]
    public void Sampled_values_stay_in_their_distribution()
    {
        var space = Parse("""{"a": "uniform(-1, 1)", "b": "loguniform(1e-5, 1)", "c": "int(3, 5)", "d": "int(1, 1000, log)"}""");
        var random = Repro.Core.Execution.Seeds.CreateRandom(1);

        for (var i = 0; i < 500; i++)
            foreach (var parameter in space.Parameters)
                parameter.Distribution.Contains(parameter.Distribution.Sample(random)).Should().BeTrue();
    }

    [Fact]
    public void A_loguniform_draw_spreads_evenly_over_the_decades()
    {
        var distribution = Parse("""{"a": "loguniform(1e-6, 1)"}""")["a"].Distribution;
        var random = Repro.Core.Execution.Seeds.CreateRandom(3);

        var draws = Enumerable.Range(0, 2000).Select(_ => (double)distribution.Sample(random)).ToList();

        // Each of the six decades gets about a sixth of the draws, which a linear uniform would never give.
        draws.Count(d => d < 1e-3).Should().BeInRange(850, 1150);
    }

    [Fact]
    public void A_conditional_parameter_exists_only_while_its_condition_holds()
    {
        var space = Parse(
            """{"e": {"when": {"a": "sgd"}, "value": "uniform(0.8, 0.99)"}, "a": "choice(sgd, adam)", "b": "uniform(0, 1)"}"""
        );

        space.Parameters.Select(p => p.Name).Should().Equal("a", "e", "b"); // parents first
        space["e"].IsActive(new Dictionary<string, object> { ["a"] = "sgd" }).Should().BeTrue();
        space["e"].IsActive(new Dictionary<string, object> { ["a"] = "adam" }).Should().BeFalse();
        var assigned = space.Assign((p, _) => p.Name == "a" ? "adam" : p.Distribution.Sample(Repro.Core.Execution.Seeds.CreateRandom(1)));
        assigned.Keys.Should().BeEquivalentTo("a", "b");
    }

    [Fact]
    public void A_condition_can_accept_several_values_of_an_int_parent()
    {
        var space = Parse("""{"a": "int(1, 4)", "e": {"when": {"a": [3, 4]}, "value": "uniform(0, 1)"}}""");

        space["e"].IsActive(new Dictionary<string, object> { ["a"] = 4L }).Should().BeTrue();
        space["e"].IsActive(new Dictionary<string, object> { ["a"] = 2L }).Should().BeFalse();
    }

    [Fact]
    public void Every_problem_of_an_invalid_space_is_reported_at_its_position()
    {
        var act = () =>
            Parse(
                """
                {
                  "a": "uniform(1, 0.5)",
                  "b": "loguniform(0, 1)",
                  "c": "unifrom(0, 1)",
                  "d": "choice()",
                  "e": {"when": {"train.optimiser": "sgd"}, "value": "uniform(0.8, 0.99)"}
                }
                """
            );

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Be(
                """
                pipeline.yaml:8:12: error: search parameter 'a': low 1 is greater than high 0.5 in 'uniform(1, 0.5)'
                  hint: swap the bounds
                pipeline.yaml:9:12: error: search parameter 'b': a log scale needs low > 0, found 0 in 'loguniform(0, 1)'
                  hint: a log scale never reaches 0: start at a small positive value such as 1e-6
                pipeline.yaml:10:12: error: search parameter 'c': unknown distribution 'unifrom' in 'unifrom(0, 1)'
                  hint: did you mean 'uniform'?
                pipeline.yaml:11:12: error: search parameter 'd': choice() needs at least one value
                pipeline.yaml:12:20: error: search parameter 'e' depends on 'train.optimiser', which is not a parameter of the space
                  hint: a condition names another parameter of the same space
                """.ReplaceLineEndings()
            );
    }

    [Theory]
    [InlineData("""{"a": "0.1"}""", "pipeline.yaml:8:12: error: search parameter 'a': expected a distribution, found '0.1'")]
    [InlineData(
        """{"a": "uniform(0)"}""",
        "pipeline.yaml:8:12: error: search parameter 'a': uniform takes two numbers (low, high), found 'uniform(0)'"
    )]
    [InlineData(
        """{"a": "int(1, 5, linear)"}""",
        "pipeline.yaml:8:12: error: search parameter 'a': int takes two integers (low, high) and an optional 'log', found 'int(1, 5, linear)'"
    )]
    [InlineData(
        """{"a": "choice(1, 2, 1.0)"}""",
        "pipeline.yaml:8:12: error: search parameter 'a': the value 1 appears twice in choice(...)"
    )]
    [InlineData("""{}""", "pipeline.yaml:7:7: error: the search space is empty")]
    public void A_malformed_entry_is_explained(string json, string firstLine)
    {
        var act = () => Parse(json);

        act.Should().Throw<ReproException>().Which.Message.Split(Environment.NewLine)[0].Should().Be(firstLine);
    }

    [Fact]
    public void A_condition_on_a_value_the_parent_never_takes_is_rejected()
    {
        var act = () => Parse("""{"a": "choice(sgd, adam)", "e": {"when": {"a": "sdg"}, "value": "uniform(0, 1)"}}""");

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Be("pipeline.yaml:12:20: error: search parameter 'e' depends on 'a' being sdg, which choice(sgd, adam) never gives");
    }

    [Fact]
    public void A_condition_on_a_continuous_parameter_is_rejected()
    {
        var act = () => Parse("""{"a": "uniform(0, 1)", "e": {"when": {"a": 0.5}, "value": "uniform(0, 1)"}}""");

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Be(
                """
                pipeline.yaml:12:20: error: search parameter 'e' depends on 'a' (uniform(0, 1)), which is not a choice or int parameter
                  hint: a condition compares exact values: make the parent a choice(...) or an int(...)
                """.ReplaceLineEndings()
            );
    }

    [Fact]
    public void Conditions_that_form_a_cycle_are_rejected()
    {
        var act = () => Parse("""{"d": {"when": {"e": 1}, "value": "choice(1, 2)"}, "e": {"when": {"d": 1}, "value": "choice(1, 2)"}}""");

        act.Should()
            .Throw<ReproException>()
            .Which.Message.Should()
            .Be("pipeline.yaml:11:12: error: the conditions of the search space form a cycle: d -> e -> d");
    }
}
