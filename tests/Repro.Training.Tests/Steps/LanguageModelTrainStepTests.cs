using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Core.Steps;
using Repro.Tests.Shared;
using Repro.Training.Models;
using Repro.Training.Steps;

namespace Repro.Training.Tests.Steps;

[Collection("Torch")]
public class LanguageModelTrainStepTests
{
    private const string TinyModel =
        """{"type": "transformer_lm", "d_model": 16, "nhead": 2, "layers": 1, "dim_feedforward": 32, "dropout": 0, "context": 8}""";

    [Fact]
    public void A_small_model_learns_a_repetitive_text_far_below_the_unigram_baseline_and_reruns_identically()
    {
        using var project = TempDir.Create();
        project.Write("corpus.txt", string.Concat(Enumerable.Repeat("the cat sat. ", 60)));
        TextStepTests.Prepare(project, """{"source": "corpus.txt"}""");
        var with =
            $$$"""{"data": "data/text", "model": {{{TinyModel}}}, "epochs": 4, "batch_size": 16, "optimizer": {"type": "adamw", "lr": 0.01}}""";

        Train(project, with, "a", project.Resolve("stream.jsonl"));
        Train(project, with, "b");

        var metrics = JsonNode.Parse(project.Read("a/metrics.json"))!;
        var perplexity = metrics["val_perplexity"]!.GetValue<double>();
        var baseline = metrics["unigram_val_perplexity"]!.GetValue<double>();
        baseline.Should().BeGreaterThan(5);
        perplexity.Should().BeLessThan(baseline / 2);
        metrics["epochs_run"]!.GetValue<int>().Should().Be(4);
        metrics["hparams"]!["model.context"]!.GetValue<int>().Should().Be(8);
        metrics["hparams"]!["optimizer.type"]!.GetValue<string>().Should().Be("adamw");
        File.ReadAllBytes(project.Resolve("a/lm.pt")).Should().Equal(File.ReadAllBytes(project.Resolve("b/lm.pt")));
        project.Read("a/metrics.json").Should().Be(project.Read("b/metrics.json"));
        var lines = File.ReadAllLines(project.Resolve("stream.jsonl"));
        lines.Should().HaveCount(4);
        JsonNode.Parse(lines[0])!["tokens_per_s"]!.GetValue<double>().Should().BePositive();
        project.Read("a/history.csv").Split('\n')[0].Should().Be("epoch,train_loss,val_loss,val_perplexity,lr,tokens_per_s,epoch_s");
        Directory.EnumerateFiles(project.Resolve(".repro/runs/a/tb/train"), "events.out.tfevents.*").Should().ContainSingle();
        ModelFile.ReadSpec(project.Resolve("a/lm.pt")).Tokenizer!.Decode([0, 1, 2]).Should().Be(" .a");
    }

    [Fact]
    public void A_context_longer_than_the_text_is_an_input_error_naming_the_context()
    {
        using var project = TempDir.Create();
        project.Write("corpus.txt", "a short text, only a few dozen chars long");
        TextStepTests.Prepare(project, """{"source": "corpus.txt"}""");
        var with = """{"data": "data/text", "model": {"type": "transformer_lm", "context": 64}}""";

        var act = () => Train(project, with, "a");

        var problems = act.Should().Throw<ReproException>().Which.Diagnostics;
        problems
            .Select(p => p.Message)
            .Should()
            .Contain(m => m.StartsWith("context 64 is longer than the training text", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_language_model_arguments_are_all_reported_at_once()
    {
        using var project = TempDir.Create();
        var with = """{"data": "data/text", "model": {"type": "transformer_lm", "d_model": 30, "nhead": 4, "contxt": 8}, "epochs": 0}""";

        var act = () => Train(project, with, "a");

        var messages = act.Should().Throw<ReproException>().Which.Diagnostics.Select(d => d.Message).ToList();
        messages
            .Should()
            .Contain(m => m.Contains("not divisible by nhead"))
            .And.Contain(m => m.Contains("contxt"))
            .And.Contain(m => m.Contains("epochs"));
    }

    [Fact]
    public void A_classifier_on_text_is_an_input_error()
    {
        using var project = TempDir.Create();
        project.Write("corpus.txt", "some text for a classifier that cannot read it");
        TextStepTests.Prepare(project, """{"source": "corpus.txt"}""");

        var act = () => Train(project, """{"data": "data/text", "model": "mlp"}""", "a");

        act.Should().Throw<ReproException>().WithMessage("*only model type transformer_lm trains on*");
    }

    [Fact]
    public void Generated_samples_are_identical_for_the_same_seed_and_differ_for_another()
    {
        using var project = TempDir.Create();
        project.Write("corpus.txt", string.Concat(Enumerable.Repeat("to be or not to be. ", 30)));
        TextStepTests.Prepare(project, """{"source": "corpus.txt"}""");
        Train(project, $$"""{"data": "data/text", "model": {{TinyModel}}, "epochs": 1}""", "a");

        Generate(project, """{"model": "a/lm.pt", "prompt": "to ", "length": 40, "samples": 2, "seed": 3}""", "s1.txt");
        Generate(project, """{"model": "a/lm.pt", "prompt": "to ", "length": 40, "samples": 2, "seed": 3}""", "s2.txt");
        Generate(project, """{"model": "a/lm.pt", "prompt": "to ", "length": 40, "samples": 2, "seed": 4}""", "s3.txt");

        var text = project.Read("s1.txt");
        text.Should().StartWith("--- sample 1 ---\nto ").And.Contain("--- sample 2 ---\nto ");
        File.ReadAllBytes(project.Resolve("s2.txt")).Should().Equal(File.ReadAllBytes(project.Resolve("s1.txt")));
        project.Read("s3.txt").Should().NotBe(text);
    }

    [Fact]
    public void A_prompt_with_unseen_characters_or_no_characters_is_an_input_error()
    {
        using var project = TempDir.Create();
        project.Write("corpus.txt", string.Concat(Enumerable.Repeat("abc ", 30)));
        TextStepTests.Prepare(project, """{"source": "corpus.txt"}""");
        Train(project, $$"""{"data": "data/text", "model": {{TinyModel}}, "epochs": 1}""", "a");

        var unseen = () => Generate(project, """{"model": "a/lm.pt", "prompt": "abz"}""", "s.txt");
        var empty = () => Generate(project, """{"model": "a/lm.pt", "prompt": ""}""", "s.txt");

        unseen.Should().Throw<ReproException>().WithMessage("*never saw: 'z'*");
        empty.Should().Throw<ReproException>().WithMessage("*the prompt is empty*");
    }

    private static void Train(TempDir project, string withJson, string runId, string? stream = null)
    {
        var request = new StepRequest
        {
            Step = "train",
            Stage = "train",
            ProjectDirPath = project.Path,
            RunDirPath = project.Resolve($".repro/runs/{runId}"),
            RunId = runId,
            Seed = 42,
            Threads = 1,
            Device = "cpu",
            With = JsonNode.Parse(withJson)!.AsObject(),
            Outs = [$"{runId}/lm.pt"],
            Metrics = [$"{runId}/metrics.json"],
            Plots = [$"{runId}/history.csv"],
            MetricsStreamPath = stream,
        };
        new TrainStep(TextWriter.Null).RunAsync(request, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static void Generate(TempDir project, string withJson, string outPath) =>
        new GenerateStep()
            .RunAsync(StepRequests.For("generate", project.Path, withJson, outs: [outPath]) with { Device = "cpu" }, CancellationToken.None)
            .GetAwaiter()
            .GetResult();
}
