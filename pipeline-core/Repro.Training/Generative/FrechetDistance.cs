using static TorchSharp.torch;

namespace Repro.Training.Generative;

/// <summary>
/// The Fréchet distance between two Gaussians fitted to feature vectors (Dowson and Landau 1982):
/// ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^½). Computed in float64 with a symmetric eigen-decomposition: since
/// Σ₁Σ₂ is similar to Σ₁^½ Σ₂ Σ₁^½, which is symmetric positive semi-definite, Tr((Σ₁Σ₂)^½) is the sum of the square
/// roots of that matrix's eigenvalues, with no general (non-symmetric) matrix square root needed.
/// </summary>
/// <remarks>
/// The DCGAN trainer applies it to the penultimate features of a classifier trained by the <c>train</c> step on the same
/// data. That is the construction of the Fréchet Inception Distance, but with another network: the numbers are comparable
/// between runs that use the same classifier file, not with published FID values.
/// </remarks>
public static class FrechetDistance
{
    /// <summary>The mean [d] and covariance [d, d] (unbiased, float64) of <paramref name="features"/> [n, d], n ≥ 2.</summary>
    public static (Tensor Mean, Tensor Covariance) Statistics(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 2 || features.shape[0] < 2)
            throw new ArgumentException("expected [n, d] features with n >= 2", nameof(features));
        using var scope = NewDisposeScope();
        var x = features.to(ScalarType.Float64);
        var mean = x.mean([0]);
        var centred = x - mean;
        var covariance = centred.t().mm(centred) / (x.shape[0] - 1);
        return (mean.MoveToOuterDisposeScope(), covariance.MoveToOuterDisposeScope());
    }

    /// <summary>The Fréchet distance between the Gaussians (μ₁, Σ₁) and (μ₂, Σ₂).</summary>
    public static double Compute(Tensor mean1, Tensor covariance1, Tensor mean2, Tensor covariance2)
    {
        ArgumentNullException.ThrowIfNull(mean1);
        ArgumentNullException.ThrowIfNull(covariance1);
        ArgumentNullException.ThrowIfNull(mean2);
        ArgumentNullException.ThrowIfNull(covariance2);
        using var scope = NewDisposeScope();
        var (m1, s1, m2, s2) = (
            mean1.to(ScalarType.Float64),
            covariance1.to(ScalarType.Float64),
            mean2.to(ScalarType.Float64),
            covariance2.to(ScalarType.Float64)
        );
        var root1 = SymmetricSqrt(s1);
        var middle = Symmetrize(root1.mm(s2).mm(root1));
        var traceOfRoot = linalg.eigvalsh(middle).clamp_min(0).sqrt().sum().item<double>();
        var meanTerm = (m1 - m2).square().sum().item<double>();
        return meanTerm + s1.trace().item<double>() + s2.trace().item<double>() - 2 * traceOfRoot;
    }

    /// <summary>The Fréchet distance between the Gaussians fitted to <paramref name="features1"/> and <paramref name="features2"/>.</summary>
    public static double Compute(Tensor features1, Tensor features2)
    {
        var (m1, s1) = Statistics(features1);
        var (m2, s2) = Statistics(features2);
        using (m1)
        using (s1)
        using (m2)
        using (s2)
            return Compute(m1, s1, m2, s2);
    }

    /// <summary>
    /// The symmetric positive semi-definite square root of a symmetric matrix: Q diag(√max(λ, 0)) Qᵀ from its eigen-decomposition
    /// (negative eigenvalues, which only rounding makes, count as 0).
    /// </summary>
    public static Tensor SymmetricSqrt(Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        using var scope = NewDisposeScope();
        var (values, vectors) = linalg.eigh(Symmetrize(matrix.to(ScalarType.Float64)));
        var root = vectors.mm(diag(values.clamp_min(0).sqrt())).mm(vectors.t());
        return root.MoveToOuterDisposeScope();
    }

    // Rounding leaves products of symmetric matrices slightly asymmetric; eigh reads only one triangle.
    private static Tensor Symmetrize(Tensor matrix) => (matrix + matrix.t()) / 2;
}
