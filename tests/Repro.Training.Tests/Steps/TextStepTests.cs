using System.Text.Json.Nodes;
using Repro.Core;
using Repro.Core.Steps;
using Repro.Tests.Shared;
using Repro.Training.Data;
using Repro.Training.Generative;
using Repro.Training.Steps;

namespace Repro.Training.Tests.Steps;

[Collection("Torch")]
public class TextStepTests
{
    [Fact]
    public void A_text_file_becomes_a_tokenizer_and_a_contiguous_train_and_validation_split()
    {
        using var project = TempDir.Create();
        project.Write("corpus.txt", "abcdefghij");

        Prepare(project, """{"source": "corpus.txt", "val_fraction": 0.2}""");

        using var corpus = TextCorpus.Load(project.Resolve("data/text"));
        corpus.Tokenizer.Decode(corpus.Train.data<long>().ToArray()).Should().Be("abcdefgh");
        corpus.Tokenizer.Decode(corpus.Val.data<long>().ToArray()).Should().Be("ij");
        corpus.Info.Kind.Should().Be(DatasetKinds.Text);
        corpus.Info.Splits.Should().Equal(new Dictionary<string, long> { ["train"] = 8, ["val"] = 2 });
        corpus.Info.Sources.Should().ContainSingle().Which.Path.Should().Be("corpus.txt");
    }

    [Fact]
    public void A_folder_is_read_file_by_file_in_name_order()
    {
        using var project = TempDir.Create();
        project.Write("texts/b.txt", "world!!!!!");
        project.Write("texts/a.txt", "hello ");

        Prepare(project, """{"source": "texts", "tokenizer": "byte"}""");

        using var corpus = TextCorpus.Load(project.Resolve("data/text"));
        var all = corpus.Tokenizer.Decode([.. corpus.Train.data<long>().ToArray(), .. corpus.Val.data<long>().ToArray()]);
        all.Should().Be("hello world!!!!!");
        corpus.Tokenizer.Kind.Should().Be("byte");
    }

    [Fact]
    public void Empty_text_is_an_input_error()
    {
        using var project = TempDir.Create();
        project.Write("empty.txt", "");

        var act = () => Prepare(project, """{"source": "empty.txt"}""");

        act.Should().Throw<ReproException>().WithMessage("*'empty.txt' holds no text*");
    }

    [Fact]
    public void A_missing_source_and_bad_arguments_are_input_errors()
    {
        using var project = TempDir.Create();

        var missing = () => Prepare(project, """{"source": "nothing.txt"}""");
        var bad = () => Prepare(project, """{"source": "x", "tokenizer": "word", "val_fraction": 1.5}""");

        missing.Should().Throw<ReproException>().WithMessage("*text source*nothing.txt' not found*");
        bad.Should().Throw<ReproException>().Which.Diagnostics.Should().HaveCount(2);
    }

    internal static void Prepare(TempDir project, string withJson, string outDir = "data/text") =>
        new TextStep()
            .RunAsync(StepRequests.For("data/text", project.Path, withJson, outs: [outDir]), CancellationToken.None)
            .GetAwaiter()
            .GetResult();
}
