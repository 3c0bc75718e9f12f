using System.Text.Json.Nodes;
using Repro.Core.Experiments;

namespace Repro.Core.Diff;

/// <summary>
/// The differences between two experiments: params, metrics with deltas, stage fingerprints and seeds, environment.
/// Only changed entries unless <c>includeUnchanged</c>, as <c>git diff</c> shows changes and <c>--all</c> shows everything.
/// </summary>
public sealed record ExperimentDiff(
    ExperimentSnapshot A,
    ExperimentSnapshot B,
    IReadOnlyList<ValueChange> Params,
    IReadOnlyList<MetricDelta> Metrics,
    IReadOnlyList<StageChange> Stages,
    IReadOnlyList<ValueChange> Environment
)
{
    public static ExperimentDiff Compare(ExperimentSnapshot a, ExperimentSnapshot b, bool includeUnchanged = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var parameters = Keys(a.Params, b.Params)
            .Select(k => new ValueChange(k, a.Params.GetValueOrDefault(k)?.DeepClone(), b.Params.GetValueOrDefault(k)?.DeepClone()))
            .Where(c => includeUnchanged || c.Changed)
            .ToList();
        var metrics = Keys(a.Metrics, b.Metrics)
            .Select(k => new MetricDelta(k, Lookup(a.Metrics, k), Lookup(b.Metrics, k)))
            .Where(m => includeUnchanged || m.Changed)
            .ToList();
        var stages = Keys(a.StageFingerprints, b.StageFingerprints)
            .Concat(Keys(a.StageSeeds, b.StageSeeds))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(s => new StageChange(
                s,
                a.StageFingerprints.GetValueOrDefault(s),
                b.StageFingerprints.GetValueOrDefault(s),
                Lookup(a.StageSeeds, s),
                Lookup(b.StageSeeds, s)
            ))
            .Where(s => includeUnchanged || s.Changed)
            .ToList();
        // repro.lock records no environment: comparing against nothing would list every fact as a change.
        var environment = (a.Environment.Count == 0 || b.Environment.Count == 0 ? [] : Keys(a.Environment, b.Environment))
            .Select(k => new ValueChange(k, Text(a.Environment, k), Text(b.Environment, k)))
            .Where(c => includeUnchanged || c.Changed)
            .ToList();
        return new ExperimentDiff(a, b, parameters, metrics, stages, environment);
    }

    /// <summary>Whether anything at all differs.</summary>
    public bool IsEmpty => Params.All(p => !p.Changed) && Metrics.All(m => !m.Changed) && Stages.All(s => !s.Changed);

    private static IEnumerable<string> Keys<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b) =>
        a.Keys.Union(b.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);

    private static T? Lookup<T>(IReadOnlyDictionary<string, T> values, string key)
        where T : struct => values.TryGetValue(key, out var value) ? value : null;

    private static JsonNode? Text(IReadOnlyDictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var value) ? JsonValue.Create(value) : null;
}
