using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Repro.Core.Pipeline;
using Repro.Core.Search;
using Repro.Core.Search.Execution;
using Repro.Tests.Shared;

namespace Repro.Core.Tests.Search.Execution;

public class StudyFilesTests
{
    private static Trial Complete(int number, double value, params (string Name, object Value)[] parameters) =>
        new()
        {
            Number = number,
            Seed = number,
            State = TrialState.Complete,
            Value = value,
            Params = parameters.ToImmutableSortedDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal),
        };

    [Fact]
    public async Task The_best_params_file_reads_back_as_a_param_file_with_the_same_types()
    {
        using var project = TempDir.Create();
        var trials = new[]
        {
            Complete(0, 0.8, ("train.lr", 0.01), ("train.layers", 2L), ("train.optimizer", "sgd"), ("train.nesterov", true)),
            Complete(1, 0.9, ("train.lr", 1.0), ("train.layers", 3L), ("train.optimizer", "adam"), ("train.nesterov", false)),
        };

        await StudyFiles.WriteAsync(Path.Combine(project.Path, "search"), "tune", "acc", StudyDirection.Maximize, trials, default);
        project.Write("params.yaml", "train: { lr: 0.5, layers: 1, optimizer: rmsprop, nesterov: true, epochs: 3 }\n");
        project.Write("pipeline.yaml", "params: [params.yaml, search/best.yaml]\nstages:\n  s:\n    run: echo ${train.lr}\n");
        var pipeline = PipelineLoader.Load(project.Path);

        project.Read("search/best.yaml").Should().StartWith("# Best params of study 'tune': trial 1 (tune#1), acc = 0.9\n");
        var train = pipeline.Params["train"]!.AsObject();
        train["lr"]!.GetValue<double>().Should().Be(1.0);
        train["layers"]!.GetValue<long>().Should().Be(3);
        train["optimizer"]!.GetValue<string>().Should().Be("adam");
        train["nesterov"]!.GetValue<bool>().Should().BeFalse();
        train["epochs"]!.GetValue<long>().Should().Be(3);
    }

    [Fact]
    public async Task The_trials_table_has_a_row_per_trial_with_every_param_and_failures_explained()
    {
        using var project = TempDir.Create();
        var trials = new[]
        {
            Complete(0, 0.5, ("a", 1L)),
            new Trial
            {
                Number = 1,
                Seed = 1,
                State = TrialState.Failed,
                Message = "stage 'train' failed: exit code 3, \"oops\"",
                Params = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("b", (object)"x")]),
            },
        };

        await StudyFiles.WriteAsync(project.Path, "tune", "loss", StudyDirection.Minimize, trials, default);

        project
            .Read("trials.csv")
            .Should()
            .Be(
                "number,run,state,value,seed,steps,last_step,a,b,message\n"
                    + "0,tune#0,complete,0.5,0,0,,1,,\n"
                    + "1,tune#1,failed,,1,0,,,x,\"stage 'train' failed: exit code 3, \"\"oops\"\"\"\n"
            );
        var json = JsonNode.Parse(project.Read("trials.json"))!;
        json["best_trial"]!.GetValue<int>().Should().Be(0);
        json["trials"]![1]!["state"]!.GetValue<string>().Should().Be("failed");
    }
}
