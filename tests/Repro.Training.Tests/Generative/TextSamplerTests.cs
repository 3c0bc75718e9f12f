using Repro.Training.Generative;
using Repro.Training.Models;
using Repro.Training.Tests.Models;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Generative;

[Collection("Torch")]
public class TextSamplerTests
{
    [Fact]
    public void The_same_seed_draws_the_same_tokens_whatever_ran_before()
    {
        manual_seed(4);
        using var model = new TransformerLm(TransformerLmTests.Spec());

        var first = TextSampler.Sample(model, [1, 2, 3], 30, 1.0, 0, seed: 9);
        using (rand(100))
        {
            // Draws from the global generator in between must not matter.
        }
        var second = TextSampler.Sample(model, [1, 2, 3], 30, 1.0, 0, seed: 9);
        var other = TextSampler.Sample(model, [1, 2, 3], 30, 1.0, 0, seed: 10);

        second.Should().Equal(first);
        other.Should().NotEqual(first);
        first.Should().HaveCount(30).And.OnlyContain(t => t >= 0 && t < 11);
    }

    [Fact]
    public void Top_k_of_one_and_temperature_zero_both_pick_the_most_likely_token()
    {
        manual_seed(5);
        using var model = new TransformerLm(TransformerLmTests.Spec());

        var greedy = TextSampler.Sample(model, [4], 20, 0, 0, seed: 1);
        var topOne = TextSampler.Sample(model, [4], 20, 1.5, 1, seed: 2);

        topOne.Should().Equal(greedy);
    }

    [Fact]
    public void A_prompt_longer_than_the_context_is_read_through_its_last_context_tokens()
    {
        manual_seed(6);
        using var model = new TransformerLm(TransformerLmTests.Spec(context: 4));
        long[] prompt = [1, 2, 3, 4, 5, 6, 7, 8];

        var fromLong = TextSampler.Sample(model, prompt, 5, 0, 0, seed: 1);
        var fromTail = TextSampler.Sample(model, prompt[^4..], 5, 0, 0, seed: 1);

        fromLong.Should().Equal(fromTail);
    }
}
