using System.Text.Json.Nodes;
using Repro.Core.Lock;
using Repro.Core.Verify;

namespace Repro.Core.Tests.Verify;

public class VerifyComparisonTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>> NoTolerances =
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>>();

    private static LockFile Lock(double acc, string modelHash = "m1") =>
        new(
            1,
            new Dictionary<string, JsonNode?>(),
            [
                new StageLock(
                    "train",
                    "f",
                    1,
                    new Dictionary<string, JsonNode?>(),
                    [],
                    [new LockedPath("model.pt", modelHash)],
                    new Dictionary<string, IReadOnlyDictionary<string, double>>
                    {
                        ["m.json"] = new Dictionary<string, double> { ["acc"] = acc },
                    }
                ),
            ]
        );

    [Fact]
    public void Identical_results_pass()
    {
        var result = VerifyComparison.Compare(Lock(0.9), Lock(0.9), NoTolerances);

        result.Passed.Should().BeTrue();
        result.Checks.Should().HaveCount(2);
    }

    [Fact]
    public void A_metric_that_moved_drifts_by_default_and_names_the_metric()
    {
        var result = VerifyComparison.Compare(Lock(0.9), Lock(0.9001), NoTolerances);

        result.Passed.Should().BeFalse();
        var failure = result.Failures.Should().ContainSingle().Subject;
        failure.Path.Should().Be("m.json:acc");
        failure.Expected.Should().Be("0.9");
        failure.Actual.Should().Be("0.9001");
        failure.Outcome.Should().Be(VerifyOutcome.Drift);
    }

    [Fact]
    public void A_declared_tolerance_accepts_a_small_difference_and_rejects_a_larger_one()
    {
        var tolerances = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>>
        {
            ["train"] = new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["m.json"] = new Dictionary<string, double> { ["acc"] = 0.002 },
            },
        };

        VerifyComparison.Compare(Lock(0.9), Lock(0.9015), tolerances).Passed.Should().BeTrue();
        VerifyComparison.Compare(Lock(0.9), Lock(0.903), tolerances).Passed.Should().BeFalse();
    }

    [Fact]
    public void A_different_model_file_is_drift()
    {
        var result = VerifyComparison.Compare(Lock(0.9), Lock(0.9, "m2"), NoTolerances);

        result.Failures.Should().ContainSingle().Which.Should().Match<VerifyCheck>(c => c.Kind == "out" && c.Path == "model.pt");
    }
}
