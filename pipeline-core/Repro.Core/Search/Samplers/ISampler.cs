namespace Repro.Core.Search.Samplers;

/// <summary>
/// Proposes the point a new trial evaluates. A sampler is a pure function of its context: the same trials and the
/// same generator give the same point, which is what makes a seeded study reproducible.
/// </summary>
public interface ISampler
{
    /// <summary>The name written after <c>sampler:</c> (<c>grid</c>, <c>random</c>, <c>tpe</c>).</summary>
    string Name { get; }

    /// <summary>
    /// A value for every active parameter of the space, or null when the sampler has nothing left to propose
    /// (every grid point is taken).
    /// </summary>
    IReadOnlyDictionary<string, object>? Sample(SamplingContext context);
}
