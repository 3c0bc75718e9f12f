using Repro.Training.Metrics;

namespace Repro.Training.Tests.Metrics;

public class ConfusionMatrixTests
{
    // actual    0 0 1 1 2 2
    // predicted 0 1 1 1 2 0   ->  rows (actual) [1 1 0] [0 2 0] [1 0 1]
    private static readonly ConfusionMatrix Matrix = ConfusionMatrix.From([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0], 3);

    [Fact]
    public void The_counts_are_tallied_by_actual_row_and_predicted_column() =>
        Matrix.ToRows().Should().BeEquivalentTo(new long[][] { [1, 1, 0], [0, 2, 0], [1, 0, 1] }, o => o.WithStrictOrdering());

    [Fact]
    public void Per_class_and_macro_metrics_match_the_hand_computed_values()
    {
        Matrix.Accuracy.Should().BeApproximately(4 / 6.0, 1e-12);
        new[] { Matrix.Precision(0), Matrix.Precision(1), Matrix.Precision(2) }.Should().Equal([1 / 2.0, 2 / 3.0, 1.0], Close);
        new[] { Matrix.Recall(0), Matrix.Recall(1), Matrix.Recall(2) }.Should().Equal([1 / 2.0, 1.0, 1 / 2.0], Close);
        new[] { Matrix.F1(0), Matrix.F1(1), Matrix.F1(2) }.Should().Equal([1 / 2.0, 0.8, 2 / 3.0], Close);
        Matrix.PrecisionMacro.Should().BeApproximately((0.5 + (2 / 3.0) + 1) / 3, 1e-12);
        Matrix.RecallMacro.Should().BeApproximately(2 / 3.0, 1e-12);
        Matrix.F1Macro.Should().BeApproximately((0.5 + 0.8 + (2 / 3.0)) / 3, 1e-12);
    }

    [Fact]
    public void A_class_never_predicted_or_never_present_scores_zero_rather_than_failing()
    {
        var matrix = ConfusionMatrix.From([0, 0], [0, 0], 2);

        matrix.Precision(1).Should().Be(0);
        matrix.Recall(1).Should().Be(0);
        matrix.F1(1).Should().Be(0);
        matrix.F1Macro.Should().Be(0.5);
    }

    [Fact]
    public void The_csv_has_class_names_on_both_axes() =>
        Matrix.ToCsv(["a", "b,c", "d"]).Should().Be("actual\\predicted,a,\"b,c\",d\na,1,1,0\n\"b,c\",0,2,0\nd,1,0,1\n");

    private static bool Close(double a, double b) => Math.Abs(a - b) < 1e-12;
}
