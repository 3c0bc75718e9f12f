namespace Repro.Core.Search.SearchSpace;

/// <summary>A conditional parameter exists only while <paramref name="ParentName"/> has one of <paramref name="Values"/>.</summary>
public sealed record ParameterCondition(string ParentName, IReadOnlyList<object> Values)
{
    /// <summary>True when the parent's assigned value is one of the values (numbers compare by value).</summary>
    public bool IsMetBy(object parentValue) => Values.Any(v => CategoricalDistribution.SameValue(v, parentValue));

    public override string ToString() =>
        Values.Count == 1
            ? $"{ParentName} = {CategoricalDistribution.Format(Values[0])}"
            : $"{ParentName} in [{string.Join(", ", Values.Select(CategoricalDistribution.Format))}]";
}
