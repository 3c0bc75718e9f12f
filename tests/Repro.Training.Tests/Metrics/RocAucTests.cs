using Repro.Training.Metrics;

namespace Repro.Training.Tests.Metrics;

public class RocAucTests
{
    [Fact]
    public void Binary_auc_counts_the_pairs_ranked_correctly() =>
        // Pairs (positive, negative): (0.35, 0.1) ok, (0.35, 0.4) wrong, (0.8, 0.1) ok, (0.8, 0.4) ok -> 3/4.
        RocAuc.Binary([0.1, 0.4, 0.35, 0.8], [false, false, true, true]).Should().Be(0.75);

    [Fact]
    public void Tied_scores_count_one_half() => RocAuc.Binary([0.5, 0.5, 0.9], [true, false, true]).Should().Be(0.75);

    [Fact]
    public void Auc_is_undefined_without_both_groups() => RocAuc.Binary([0.1, 0.2], [true, true]).Should().BeNull();

    [Fact]
    public void One_vs_rest_averages_the_classes_that_can_be_scored()
    {
        double[][] probabilities =
        [
            [0.8, 0.1, 0.1],
            [0.2, 0.2, 0.6],
            [0.6, 0.3, 0.1],
        ];

        // Class 0: positives {0.8, 0.6} vs {0.2} -> 1; class 1: positive {0.2} vs {0.1, 0.3} -> 0.5; class 2 has no positive.
        RocAuc.OneVsRest(probabilities, [0, 1, 0], 3).Should().Be(0.75);
    }
}
