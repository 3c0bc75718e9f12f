namespace Repro.Core.Search.SearchSpace;

/// <summary>
/// The values one parameter can take. Samplers work in an internal representation: a <see cref="double"/> for
/// numbers (not log-transformed) and the choice's index for <see cref="CategoricalDistribution"/>.
/// </summary>
public abstract record Distribution
{
    /// <summary>The value as samplers see it; throws <see cref="ArgumentException"/> for a value outside the distribution.</summary>
    public abstract double ToInternal(object value);

    /// <summary>The user-facing value for an internal representation.</summary>
    public abstract object FromInternal(double value);

    /// <summary>A value drawn uniformly (in log space for log scales).</summary>
    public abstract object Sample(Random random);

    /// <summary>True when <paramref name="value"/> is one of the values this distribution can give.</summary>
    public abstract bool Contains(object value);

    /// <summary>The distribution as written in pipeline.yaml, for example <c>loguniform(0.0001, 0.1)</c>.</summary>
    public abstract override string ToString();
}
