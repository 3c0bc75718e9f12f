namespace Repro.Core.Store;

public sealed partial class RunStore
{
    /// <summary>Sets the final metric values of a run's stage (replacing its earlier ones); keys are flattened (<c>a.b</c>).</summary>
    public void SetMetrics(string runId, string stage, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        WithTransaction(
            (c, t) =>
            {
                using (var delete = Command(c, t, "DELETE FROM run_metrics WHERE run_id = $r AND stage = $s", ("$r", runId), ("$s", stage)))
                    delete.ExecuteNonQuery();
                using var insert = Command(
                    c,
                    t,
                    "INSERT INTO run_metrics (run_id, stage, key, value) VALUES ($r, $s, $k, $v)",
                    ("$r", runId),
                    ("$s", stage)
                );
                var key = insert.Parameters.AddWithValue("$k", "");
                var value = insert.Parameters.AddWithValue("$v", 0.0);
                foreach (var (k, v) in metrics)
                {
                    (key.Value, value.Value) = (k, v);
                    insert.ExecuteNonQuery();
                }
            }
        );
    }

    /// <summary>A run's final metrics: stage → key → value.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> GetMetrics(string runId) =>
        GetMetrics([runId]).GetValueOrDefault(runId) ?? new Dictionary<string, IReadOnlyDictionary<string, double>>();

    /// <summary>
    /// The final metrics of many runs at once (a few queries, not one per run: listing a 10,000-trial study stays fast),
    /// by run id: stage → key → value. A run without metrics has no entry.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>> GetMetrics(
        IReadOnlyCollection<string> runIds
    )
    {
        ArgumentNullException.ThrowIfNull(runIds);
        var byRun = new Dictionary<string, SortedDictionary<string, SortedDictionary<string, double>>>(StringComparer.Ordinal);
        ForEachRow(
            "SELECT run_id, stage, key, value FROM run_metrics WHERE run_id IN ({0})",
            runIds,
            reader =>
            {
                var runId = reader.GetString(0);
                if (!byRun.TryGetValue(runId, out var byStage))
                    byRun[runId] = byStage = new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
                var stage = reader.GetString(1);
                if (!byStage.TryGetValue(stage, out var values))
                    byStage[stage] = values = new SortedDictionary<string, double>(StringComparer.Ordinal);
                values[reader.GetString(2)] = reader.GetDouble(3);
            }
        );
        return byRun.ToDictionary(
            r => r.Key,
            r =>
                (IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>)
                    r.Value.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, double>)p.Value, StringComparer.Ordinal),
            StringComparer.Ordinal
        );
    }

    /// <summary>Adds per-step metric values (a value already recorded for the same run, stage, name and step is replaced).</summary>
    public void AddMetricPoints(IEnumerable<MetricPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        WithTransaction(
            (c, t) =>
            {
                using var insert = Command(
                    c,
                    t,
                    "INSERT INTO metric_series (run_id, stage, name, step, value) VALUES ($r, $s, $n, $step, $v) "
                        + "ON CONFLICT (run_id, stage, name, step) DO UPDATE SET value = excluded.value"
                );
                var run = insert.Parameters.AddWithValue("$r", "");
                var stage = insert.Parameters.AddWithValue("$s", "");
                var name = insert.Parameters.AddWithValue("$n", "");
                var step = insert.Parameters.AddWithValue("$step", 0L);
                var value = insert.Parameters.AddWithValue("$v", 0.0);
                foreach (var point in points)
                {
                    (run.Value, stage.Value, name.Value, step.Value, value.Value) = (
                        point.RunId,
                        point.Stage,
                        point.Name,
                        point.Step,
                        point.Value
                    );
                    insert.ExecuteNonQuery();
                }
            }
        );
    }

    /// <summary>A run's metric series (of one stage, or all), ordered by stage, name and step.</summary>
    public IReadOnlyList<MetricPoint> GetMetricSeries(string runId, string? stage = null) =>
        WithConnection(c =>
        {
            using var command = Command(
                c,
                null,
                "SELECT run_id, stage, step, name, value FROM metric_series WHERE run_id = $r"
                    + (stage is null ? "" : " AND stage = $s")
                    + " ORDER BY stage, name, step",
                ("$r", runId),
                ("$s", stage)
            );
            using var reader = command.ExecuteReader();
            var points = new List<MetricPoint>();
            while (reader.Read())
                points.Add(
                    new MetricPoint(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetDouble(4))
                );
            return (IReadOnlyList<MetricPoint>)points;
        });
}
