using Repro.Training.Generative;
using static TorchSharp.torch;

namespace Repro.Training.Tests.Generative;

[Collection("Torch")]
public class FrechetDistanceTests
{
    [Fact]
    public void The_square_root_of_a_symmetric_two_by_two_matrix_matches_the_hand_computation()
    {
        // [[2, 1], [1, 2]] has eigenvalues 3 and 1 with eigenvectors (1, 1)/√2 and (1, −1)/√2, so its root is
        // ½ [[√3 + 1, √3 − 1], [√3 − 1, √3 + 1]].
        using var matrix = tensor(new double[] { 2, 1, 1, 2 }, [2, 2]);
        var r3 = Math.Sqrt(3);

        using var root = FrechetDistance.SymmetricSqrt(matrix);

        root.data<double>()
            .ToArray()
            .Should()
            .Equal([(r3 + 1) / 2, (r3 - 1) / 2, (r3 - 1) / 2, (r3 + 1) / 2], (a, b) => Math.Abs(a - b) < 1e-12);
        using var square = root.mm(root);
        square.allclose(matrix, rtol: 0, atol: 1e-12).Should().BeTrue();
    }

    [Fact]
    public void Diagonal_covariances_give_the_hand_computed_distance()
    {
        // μ₁ = (0, 0), Σ₁ = diag(4, 9); μ₂ = (1, 1), Σ₂ = I: ‖Δμ‖² = 2, Tr = 13 + 2, (Σ₁Σ₂)^½ = diag(2, 3): 2 + 15 − 10 = 7.
        using var m1 = tensor(new double[] { 0, 0 });
        using var s1 = tensor(new double[] { 4, 0, 0, 9 }, [2, 2]);
        using var m2 = tensor(new double[] { 1, 1 });
        using var s2 = eye(2, dtype: ScalarType.Float64);

        FrechetDistance.Compute(m1, s1, m2, s2).Should().BeApproximately(7, 1e-12);
    }

    [Fact]
    public void Covariances_that_do_not_commute_give_the_hand_computed_distance()
    {
        // Σ₁ = [[2, 1], [1, 2]], Σ₂ = diag(1, 4): Σ₁Σ₂ = [[2, 4], [1, 8]], trace 10, determinant 12. For a 2×2 matrix with
        // positive eigenvalues, Tr √M = √(Tr M + 2 √det M) = √(10 + 4√3). Distance: 4 + 5 − 2 √(10 + 4√3) (equal means).
        using var m = tensor(new double[] { 0.5, -1 });
        using var s1 = tensor(new double[] { 2, 1, 1, 2 }, [2, 2]);
        using var s2 = tensor(new double[] { 1, 0, 0, 4 }, [2, 2]);
        var expected = 9 - 2 * Math.Sqrt(10 + 4 * Math.Sqrt(3));

        FrechetDistance.Compute(m, s1, m, s2).Should().BeApproximately(expected, 1e-12);
        FrechetDistance.Compute(m, s2, m, s1).Should().BeApproximately(expected, 1e-12, "the distance is symmetric");
    }

    [Fact]
    public void A_sample_is_at_distance_zero_from_itself_and_a_shifted_copy_at_the_squared_shift()
    {
        using var generator = new Generator(7);
        using var features = randn([200, 5], generator: generator, dtype: ScalarType.Float64);
        using var shifted = features + 3;

        FrechetDistance.Compute(features, features).Should().BeApproximately(0, 1e-9);
        FrechetDistance.Compute(features, shifted).Should().BeApproximately(5 * 9, 1e-9);
    }
}
