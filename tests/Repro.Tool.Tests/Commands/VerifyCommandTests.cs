using System.Text.Json;
using Repro.Tests.Shared;

namespace Repro.Tool.Tests.Commands;

public class VerifyCommandTests : IDisposable
{
    private readonly TempDir project = TempDir.Create();

    public VerifyCommandTests()
    {
        project.Write("params.yaml", "train:\n  lr: 0.5\n  epochs: 3\n");
        project.Write(
            "train.sh",
            """
            mkdir -p models metrics
            awk -v lr="$1" '{s+=$1*lr} END {print s}' data/numbers.txt > models/model.txt
            printf '{"score": %s, "nested": {"lr": %s}}\n' "$(cat models/model.txt)" "$1" > metrics/train.json
            """
        );
        project.Write(
            "pipeline.yaml",
            """
            seed: 7
            params: params.yaml
            stages:
              prepare:
                run: sh -c 'mkdir -p data && seq 1 10 > data/numbers.txt'
                outs: [data/numbers.txt]
              train:
                run: sh train.sh ${train.lr}
                deps: [data/numbers.txt, train.sh]
                outs: [models/model.txt]
                metrics: [{path: metrics/train.json, tolerance: {score: 0.5}}]
            """
        );
    }

    public void Dispose() => project.Dispose();

    [Fact]
    public async Task A_full_run_writes_a_lock_that_verify_reproduces()
    {
        (await CliRunner.RunAsync(project, "run")).ExitCode.Should().Be(0);
        project.Read("repro.lock").Should().Contain("score: 27.5").And.Contain("nested.lr: 0.5").And.Contain("train.lr: 0.5");

        var result = await CliRunner.RunAsync(project, "verify", "--json");

        result.ExitCode.Should().Be(0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        json.RootElement.GetProperty("passed").GetBoolean().Should().BeTrue();
        json.RootElement.GetProperty("checks").GetArrayLength().Should().Be(5, "3 outs and 2 metrics");
        project.Exists(".repro/runs").Should().BeTrue();
        Directory
            .GetDirectories(project.Resolve(".repro/runs"))
            .Should()
            .HaveCount(1, "verify runs in a scratch copy and records nothing here");
    }

    [Fact]
    public async Task Verify_finds_drift_exits_1_and_names_the_metric()
    {
        (await CliRunner.RunAsync(project, "run")).ExitCode.Should().Be(0);
        // As if the published number were no longer what the committed code produces.
        project.Write("repro.lock", project.Read("repro.lock").Replace("lr: 0.5\n", "lr: 0.75\n", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync(project, "verify");

        result.ExitCode.Should().Be(1);
        result.Out.Should().MatchRegex(@"train\s+metric\s+metrics/train\.json:nested\.lr\s+0\.75\s+0\.5\s+exact\s+drift");
        result.Out.Should().Contain("DRIFT: 1 of 5 checks differ from repro.lock");
    }

    [Fact]
    public async Task A_difference_within_the_declared_tolerance_passes()
    {
        (await CliRunner.RunAsync(project, "run")).ExitCode.Should().Be(0);
        project.Write("repro.lock", project.Read("repro.lock").Replace("score: 27.5", "score: 27.9", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync(project, "verify", "--md");

        result.ExitCode.Should().Be(0, result.Out + result.Error);
        result
            .Out.Should()
            .StartWith("### ✅ repro verify: results reproduced")
            .And.Contain("| train | metric | metrics/train.json:score | 27.9 | 27.5 | 0.5 | match |");
    }

    [Fact]
    public async Task A_run_with_set_overrides_does_not_rewrite_the_lock_and_diff_shows_the_change()
    {
        (await CliRunner.RunAsync(project, "run")).ExitCode.Should().Be(0);
        var committed = project.Read("repro.lock");

        (await CliRunner.RunAsync(project, "run", "--set", "train.lr=1")).ExitCode.Should().Be(0);
        var diff = await CliRunner.RunAsync(project, "diff", "lock", "last", "--json");

        project.Read("repro.lock").Should().Be(committed);
        using var json = JsonDocument.Parse(diff.Out);
        var param = json.RootElement.GetProperty("params").EnumerateArray().Should().ContainSingle().Subject;
        param.GetProperty("path").GetString().Should().Be("train.lr");
        var score = json.RootElement.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("path").GetString() == "score");
        score.GetProperty("delta").GetDouble().Should().Be(27.5);
    }

    [Fact]
    public async Task Verify_without_a_lock_is_an_input_error()
    {
        var result = await CliRunner.RunAsync(project, "verify");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("there is no repro.lock");
    }
}
