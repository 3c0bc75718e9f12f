namespace Repro.Core.Search.SearchSpace;

/// <summary>One searched parameter: its dotted name in the params file, its distribution, and when it exists.</summary>
public sealed record SearchParameter(string Name, Distribution Distribution, IReadOnlyList<ParameterCondition> Conditions)
{
    /// <summary>True when the parameter is conditional.</summary>
    public bool IsConditional => Conditions.Count > 0;

    /// <summary>
    /// True when every condition is met by <paramref name="assigned"/>. A parent that is itself inactive (absent)
    /// makes the child inactive too.
    /// </summary>
    public bool IsActive(IReadOnlyDictionary<string, object> assigned)
    {
        ArgumentNullException.ThrowIfNull(assigned);
        foreach (var condition in Conditions)
            if (!assigned.TryGetValue(condition.ParentName, out var parent) || !condition.IsMetBy(parent))
                return false;
        return true;
    }
}
