using Repro.Training.Generative;

namespace Repro.Training.Tests.Generative;

public class LanguageModelTrainerTests
{
    [Fact]
    public void The_unigram_baseline_is_the_cross_entropy_of_add_one_smoothed_training_frequencies()
    {
        // Counts a:3, b:1 over a vocabulary of 3: p(a) = 4/7, p(b) = 2/7, p(c) = 1/7.
        long[] train = [0, 0, 0, 1];
        long[] targets = [0, 2];

        var loss = LanguageModelTrainer.UnigramLoss(train, targets, 3);

        loss.Should().BeApproximately(-(Math.Log(4.0 / 7) + Math.Log(1.0 / 7)) / 2, 1e-12);
    }

    [Fact]
    public void Evaluation_predicts_every_token_of_the_full_windows_but_the_first()
    {
        long[] tokens = [10, 11, 12, 13, 14, 15, 16, 17];

        LanguageModelTrainer.EvaluationTargets(tokens, 3).Should().Equal(11, 12, 13, 14, 15, 16);
    }
}
