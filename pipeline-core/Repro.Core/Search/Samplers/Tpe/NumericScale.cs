using Repro.Core.Search.SearchSpace;

namespace Repro.Core.Search.Samplers.Tpe;

/// <summary>
/// How a numeric parameter maps to the line its kernels live on: logarithms for log scales, and for an int the
/// interval widened by half a step at each end, so each integer owns a cell of the same width (Optuna's
/// <c>_calculate_parzen_bounds</c>). A linear int keeps <see cref="Step"/>: its densities are cell probabilities.
/// </summary>
internal readonly record struct NumericScale(double Low, double High, double? Step, bool Log)
{
    public double Forward(double value) => Log ? Math.Log(value) : value;

    public double Back(double value) => Log ? Math.Exp(value) : value;

    public static NumericScale For(Distribution distribution) =>
        distribution switch
        {
            FloatDistribution { Log: true } f => new(Math.Log(f.Low), Math.Log(f.High), null, true),
            FloatDistribution f => new(f.Low, f.High, null, false),
            IntDistribution { Log: true } i => new(Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5), null, true),
            IntDistribution i => new(i.Low - 0.5, i.High + 0.5, 1.0, false),
            _ => throw new ArgumentException($"no numeric scale for {distribution}", nameof(distribution)),
        };
}
