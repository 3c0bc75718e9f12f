using System.Text.Json.Nodes;
using Repro.Core.Store;

namespace Repro.Core.Experiments;

/// <summary>
/// What <c>exp list</c> shows of a run: its record, its params by dotted path and its final metrics. The part of an
/// <see cref="ExperimentSnapshot"/> a listing needs: stage executions and environment facts, which listing a
/// 10,000-trial study would spend most of its time reading, are left out.
/// </summary>
public sealed record ExperimentRow(
    RunRecord Run,
    IReadOnlyDictionary<string, JsonNode?> Params,
    IReadOnlyDictionary<string, double> Metrics
)
{
    /// <summary>The rows of <paramref name="runs"/>, in order; their metrics are read with a few queries.</summary>
    public static IReadOnlyList<ExperimentRow> ReadMany(RunStore store, IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(runs);
        var metrics = store.GetMetrics([.. runs.Select(r => r.Id)]);
        return
        [
            .. runs.Select(run => new ExperimentRow(
                run,
                RunSnapshot.FlattenParams(run.ParamsJson),
                MetricPaths.Flatten(metrics.GetValueOrDefault(run.Id) ?? new Dictionary<string, IReadOnlyDictionary<string, double>>())
            )),
        ];
    }
}
