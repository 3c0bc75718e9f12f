using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Repro.Core.Store;

public sealed partial class RunStore
{
    private const string RunColumns =
        "id, name, created_at, finished_at, status, git_commit, git_branch, git_dirty, git_dirty_diff_hash, command_line, params_json, pipeline_seed, environment_json";

    /// <summary>Records a new run.</summary>
    public void InsertRun(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        InsertRuns([run]);
    }

    /// <summary>Records several new runs in one transaction (an import, a search's trials).</summary>
    public void InsertRuns(IEnumerable<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        WithTransaction(
            (c, t) =>
            {
                foreach (var run in runs)
                {
                    using var command = Command(c, t, $"INSERT INTO runs ({RunColumns}) VALUES ({RunValues})", RunParameters(run));
                    command.ExecuteNonQuery();
                }
            }
        );
    }

    /// <summary>Replaces a run's record (same id).</summary>
    public void UpdateRun(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        WithTransaction(
            (c, t) =>
            {
                using var command = Command(
                    c,
                    t,
                    "UPDATE runs SET name = $name, created_at = $created_at, finished_at = $finished_at, status = $status, git_commit = $git_commit, "
                        + "git_branch = $git_branch, git_dirty = $git_dirty, git_dirty_diff_hash = $git_dirty_diff_hash, command_line = $command_line, "
                        + "params_json = $params_json, pipeline_seed = $pipeline_seed, environment_json = $environment_json WHERE id = $id",
                    RunParameters(run)
                );
                if (command.ExecuteNonQuery() != 1)
                    throw new InvalidOperationException($"run '{run.Id}' is not in the store");
            }
        );
    }

    /// <summary>Marks a run finished with <paramref name="status"/>.</summary>
    public void FinishRun(string runId, RunStatus status, DateTimeOffset finishedAt)
    {
        WithTransaction(
            (c, t) =>
            {
                using var command = Command(
                    c,
                    t,
                    "UPDATE runs SET status = $status, finished_at = $finished_at WHERE id = $id",
                    ("$status", Lower(status)),
                    ("$finished_at", FormatTime(finishedAt)),
                    ("$id", runId)
                );
                if (command.ExecuteNonQuery() != 1)
                    throw new InvalidOperationException($"run '{runId}' is not in the store");
            }
        );
    }

    /// <summary>The run with id <paramref name="runId"/>.</summary>
    public bool TryGetRun(string runId, out RunRecord run)
    {
        run = QueryRuns("WHERE id = $id", ("$id", runId)).SingleOrDefault()!;
        return run is not null;
    }

    /// <summary>Runs, newest first; at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<RunRecord> ListRuns(int? limit = null) =>
        QueryRuns("ORDER BY created_at DESC, id DESC" + (limit is { } n ? " LIMIT $limit" : ""), ("$limit", limit));

    /// <summary>Runs named <paramref name="name"/>, newest first.</summary>
    public IReadOnlyList<RunRecord> FindRunsByName(string name) =>
        QueryRuns("WHERE name = $name ORDER BY created_at DESC, id DESC", ("$name", name));

    /// <summary>Runs whose id starts with <paramref name="idPrefix"/>, newest first.</summary>
    public IReadOnlyList<RunRecord> FindRunsByIdPrefix(string idPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(idPrefix);
        // A range instead of LIKE: uses the primary key index and needs no escaping of % and _.
        return QueryRuns("WHERE id >= $lo AND id < $hi ORDER BY created_at DESC, id DESC", ("$lo", idPrefix), ("$hi", idPrefix + '\uffff'));
    }

    /// <summary>
    /// Every run, newest first, with the value of its environment fact <paramref name="fact"/> (null when it has none),
    /// read by SQLite rather than by parsing each run's environment here.
    /// </summary>
    public IReadOnlyList<(RunRecord Run, string? Fact)> ListRunsWithFact(string fact)
    {
        ArgumentException.ThrowIfNullOrEmpty(fact);
        return WithConnection(c =>
        {
            using var command = Command(
                c,
                null,
                $"SELECT {RunColumns}, {FactColumn} FROM runs ORDER BY created_at DESC, id DESC",
                ("$path", FactPath(fact))
            );
            using var reader = command.ExecuteReader();
            var runs = new List<(RunRecord, string?)>();
            while (reader.Read())
                runs.Add((ReadRun(reader), reader.GetValue(RunColumnCount) as string));
            return (IReadOnlyList<(RunRecord, string?)>)runs;
        });
    }

    /// <summary>
    /// Runs whose name starts with <paramref name="namePrefix"/> and whose environment fact <paramref name="fact"/> is
    /// <paramref name="value"/>, newest first. SQLite reads the fact: the 10,000 trial runs of a study are found without
    /// parsing every run's environment here.
    /// </summary>
    public IReadOnlyList<RunRecord> FindRunsWithFact(string namePrefix, string fact, string value)
    {
        ArgumentNullException.ThrowIfNull(namePrefix);
        ArgumentException.ThrowIfNullOrEmpty(fact);
        return QueryRuns(
            $"WHERE name >= $lo AND name < $hi AND {FactColumn} = $value ORDER BY created_at DESC, id DESC",
            ("$lo", namePrefix),
            ("$hi", namePrefix + '\uffff'),
            ("$path", FactPath(fact)),
            ("$value", value)
        );
    }

    // The environment fact at $path. CASE, not AND: json_extract fails on a record whose environment is not JSON, and
    // SQLite may evaluate both sides of an AND.
    private const string FactColumn = "CASE WHEN json_valid(environment_json) THEN json_extract(environment_json, $path) END";

    private static readonly int RunColumnCount = RunColumns.Split(',').Length;

    private static string FactPath(string fact) => $"$.\"{fact}\"";

    /// <summary>Every run name, for "did you mean" suggestions.</summary>
    public IReadOnlyList<string> ListRunNames() =>
        WithConnection(c =>
        {
            using var command = Command(c, null, "SELECT DISTINCT name FROM runs ORDER BY name");
            using var reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
                names.Add(reader.GetString(0));
            return (IReadOnlyList<string>)names;
        });

    /// <summary>Deletes a run with its stage executions, metrics and series (its cached results stay in the run cache).</summary>
    /// <returns>Whether the run existed.</returns>
    public bool DeleteRun(string runId)
    {
        var deleted = false;
        WithTransaction(
            (c, t) =>
            {
                using var command = Command(c, t, "DELETE FROM runs WHERE id = $id", ("$id", runId));
                deleted = command.ExecuteNonQuery() == 1;
            }
        );
        return deleted;
    }

    /// <summary>Records what happened to a stage in a run (replacing an earlier record of the same stage in that run).</summary>
    public void AddStageExecution(StageExecutionRecord execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        WithTransaction(
            (c, t) =>
            {
                using var command = Command(
                    c,
                    t,
                    """
                    INSERT INTO stage_executions (run_id, stage, ordinal, fingerprint, status, duration_ms, exit_code, seed, dep_hashes_json, out_hashes_json, reason)
                    VALUES ($run_id, $stage,
                        COALESCE((SELECT ordinal FROM stage_executions WHERE run_id = $run_id AND stage = $stage),
                                 (SELECT COALESCE(MAX(ordinal), 0) + 1 FROM stage_executions WHERE run_id = $run_id)),
                        $fingerprint, $status, $duration_ms, $exit_code, $seed, $deps, $outs, $reason)
                    ON CONFLICT (run_id, stage) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
                        duration_ms = excluded.duration_ms, exit_code = excluded.exit_code, seed = excluded.seed,
                        dep_hashes_json = excluded.dep_hashes_json, out_hashes_json = excluded.out_hashes_json, reason = excluded.reason
                    """,
                    ("$run_id", execution.RunId),
                    ("$stage", execution.Stage),
                    ("$fingerprint", execution.Fingerprint),
                    ("$status", Lower(execution.Status)),
                    ("$duration_ms", execution.DurationMs),
                    ("$exit_code", execution.ExitCode),
                    ("$seed", execution.Seed),
                    ("$deps", execution.DepHashesJson),
                    ("$outs", execution.OutHashesJson),
                    ("$reason", execution.Reason)
                );
                command.ExecuteNonQuery();
            }
        );
    }

    /// <summary>A run's stage executions, in the order they were first recorded.</summary>
    public IReadOnlyList<StageExecutionRecord> GetStageExecutions(string runId) =>
        GetStageExecutions([runId]).GetValueOrDefault(runId) ?? [];

    /// <summary>
    /// The stage executions of many runs at once (a few queries, not one per run), by run id, each run's in the order they
    /// were first recorded. A run without any has no entry.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<StageExecutionRecord>> GetStageExecutions(IReadOnlyCollection<string> runIds)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        var byRun = new Dictionary<string, List<(long Ordinal, StageExecutionRecord Execution)>>(StringComparer.Ordinal);
        ForEachRow(
            "SELECT run_id, stage, fingerprint, status, duration_ms, exit_code, seed, dep_hashes_json, out_hashes_json, reason, ordinal "
                + "FROM stage_executions WHERE run_id IN ({0})",
            runIds,
            reader =>
            {
                var execution = new StageExecutionRecord(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    ParseEnum<StageStatus>(reader.GetString(3)),
                    reader.GetInt64(4),
                    reader.IsDBNull(5) ? null : reader.GetInt32(5),
                    reader.GetInt64(6),
                    reader.GetString(7),
                    reader.GetString(8),
                    NullableString(reader, 9)
                );
                if (!byRun.TryGetValue(execution.RunId, out var list))
                    byRun[execution.RunId] = list = [];
                list.Add((reader.GetInt64(10), execution));
            }
        );
        return byRun.ToDictionary(
            r => r.Key,
            r => (IReadOnlyList<StageExecutionRecord>)[.. r.Value.OrderBy(e => e.Ordinal).Select(e => e.Execution)],
            StringComparer.Ordinal
        );
    }

    // Runs a query whose WHERE clause has "IN ({0})" once per chunk of ids (SQLite caps the parameters of one statement).
    private void ForEachRow(string sql, IReadOnlyCollection<string> ids, Action<SqliteDataReader> row)
    {
        const int ChunkSize = 500;
        if (ids.Count == 0)
            return;
        WithConnection(c =>
        {
            foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(ChunkSize))
            {
                var names = chunk.Select((_, i) => "$id" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                using var command = Command(
                    c,
                    null,
                    string.Format(CultureInfo.InvariantCulture, sql, string.Join(", ", names)),
                    [.. names.Zip(chunk, (name, id) => (name, (object?)id))]
                );
                using var reader = command.ExecuteReader();
                while (reader.Read())
                    row(reader);
            }
            return 0;
        });
    }

    private const string RunValues =
        "$id, $name, $created_at, $finished_at, $status, $git_commit, $git_branch, $git_dirty, $git_dirty_diff_hash, $command_line, $params_json, $pipeline_seed, $environment_json";

    private static (string, object?)[] RunParameters(RunRecord run) =>
        [
            ("$id", run.Id),
            ("$name", run.Name),
            ("$created_at", FormatTime(run.CreatedAt)),
            ("$finished_at", run.FinishedAt is { } f ? FormatTime(f) : null),
            ("$status", Lower(run.Status)),
            ("$git_commit", run.GitCommit),
            ("$git_branch", run.GitBranch),
            ("$git_dirty", run.GitDirty is { } d ? (d ? 1 : 0) : null),
            ("$git_dirty_diff_hash", run.GitDirtyDiffHash),
            ("$command_line", run.CommandLine),
            ("$params_json", run.ParamsJson),
            ("$pipeline_seed", run.PipelineSeed),
            ("$environment_json", run.EnvironmentJson),
        ];

    private List<RunRecord> QueryRuns(string tail, params (string, object?)[] parameters) =>
        WithConnection(c =>
        {
            using var command = Command(c, null, $"SELECT {RunColumns} FROM runs {tail}", parameters);
            using var reader = command.ExecuteReader();
            var runs = new List<RunRecord>();
            while (reader.Read())
                runs.Add(ReadRun(reader));
            return runs;
        });

    private static RunRecord ReadRun(SqliteDataReader r) =>
        new(
            r.GetString(0),
            r.GetString(1),
            ParseTime(r.GetString(2)),
            r.IsDBNull(3) ? null : ParseTime(r.GetString(3)),
            ParseEnum<RunStatus>(r.GetString(4)),
            NullableString(r, 5),
            NullableString(r, 6),
            r.IsDBNull(7) ? null : r.GetInt64(7) != 0,
            NullableString(r, 8),
            r.GetString(9),
            r.GetString(10),
            r.GetInt64(11),
            r.GetString(12)
        );
}
