using Repro.Training.Metrics;

namespace Repro.Training.Tests.Metrics;

public class RegressionMetricsTests
{
    [Fact]
    public void Mse_mae_and_r2_match_the_hand_computed_values()
    {
        // Errors 0, 0, 2; targets have mean 2 and a total sum of squares of 2.
        var metrics = RegressionMetrics.From([1, 2, 3], [1, 2, 5]);

        metrics.Mse.Should().BeApproximately(4 / 3.0, 1e-12);
        metrics.Mae.Should().BeApproximately(2 / 3.0, 1e-12);
        metrics.R2.Should().BeApproximately(-1, 1e-12);
    }

    [Fact]
    public void A_perfect_prediction_has_r2_one() => RegressionMetrics.From([1, 2, 4], [1, 2, 4]).R2.Should().Be(1);
}
