namespace Repro.Core.Search.Samplers;

/// <summary>Options of the <c>grid</c> sampler (<c>sampler: {type: grid, grid_points: 5}</c>).</summary>
public sealed record GridSamplerOptions
{
    /// <summary>
    /// Points per continuous parameter (evenly spaced, in log space for log scales, both ends included); also caps
    /// the points of a wide int range. Without it, a space with a uniform or loguniform parameter is rejected.
    /// </summary>
    /// <value>The default is null: continuous parameters are not gridded.</value>
    public int? GridPoints { get; init; }
}
