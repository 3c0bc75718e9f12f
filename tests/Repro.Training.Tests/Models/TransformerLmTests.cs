using Repro.Tests.Shared;
using Repro.Training.Generative;
using Repro.Training.Models;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Models;

[Collection("Torch")]
public class TransformerLmTests
{
    internal static ModelSpec Spec(int vocabulary = 11, int context = 12, double dropout = 0) =>
        new()
        {
            Type = "transformer_lm",
            InputShape = [context],
            Outputs = vocabulary,
            HiddenSize = 16,
            Heads = 2,
            Layers = 2,
            FeedForward = 32,
            Dropout = dropout,
            Tokenizer = new Tokenizer("char", [.. Enumerable.Range('a', vocabulary)]),
        };

    [Fact]
    public void Changing_a_future_token_never_changes_an_earlier_output()
    {
        manual_seed(1);
        using var model = new TransformerLm(Spec());
        model.eval();
        using var scope = NewDisposeScope();
        var input = randint(0, 11, [3, 12], ScalarType.Int64);
        var changed = input.clone();
        changed[.., 7] = (input[.., 7] + 1) % 11;

        var before = model.call(input);
        var after = model.call(changed);

        before.shape.Should().Equal(3, 12, 11);
        before.narrow(1, 0, 7).allclose(after.narrow(1, 0, 7), rtol: 0, atol: 1e-6).Should().BeTrue();
        // The changed position and everything after it do see the change.
        for (var t = 7; t < 12; t++)
            before[.., t].allclose(after[.., t], rtol: 0, atol: 1e-4).Should().BeFalse($"position {t} reads token 7");
    }

    [Fact]
    public void A_sequence_shorter_than_the_context_gives_one_logit_row_per_token()
    {
        manual_seed(2);
        using var model = new TransformerLm(Spec());
        using var scope = NewDisposeScope();

        var output = model.call(zeros([2, 5], ScalarType.Int64));

        output.shape.Should().Equal(2, 5, 11);
    }

    [Fact]
    public void The_causal_mask_hides_exactly_the_future()
    {
        using var mask = TransformerLm.CausalMask(3);

        mask.data<float>()
            .ToArray()
            .Should()
            .Equal(0, float.NegativeInfinity, float.NegativeInfinity, 0, 0, float.NegativeInfinity, 0, 0, 0);
    }

    [Fact]
    public void A_saved_language_model_keeps_its_tokenizer_and_outputs()
    {
        using var dir = TempDir.Create();
        manual_seed(3);
        using var model = new TransformerLm(Spec());
        model.eval();
        var path = dir.Resolve("lm.pt");
        using var input = randint(0, 11, [1, 12], ScalarType.Int64);

        ModelFile.Save(model, path);
        using var loaded = ModelFile.Load(path);

        loaded.Should().BeOfType<TransformerLm>();
        loaded.Spec.Tokenizer!.Symbols.Should().Equal(model.Spec.Tokenizer!.Symbols);
        loaded.Spec.Tokenizer.Kind.Should().Be("char");
        loaded.call(input).allclose(model.call(input)).Should().BeTrue();
    }
}
