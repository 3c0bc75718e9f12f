using System.Collections.Immutable;
using System.Globalization;
using Npgsql;
using Repro.Core.Search;

namespace Repro.Core.Store.Postgres;

/// <summary>
/// Studies and trials in PostgreSQL. A trial number is claimed under a row lock on its study (<c>SELECT ... FOR
/// UPDATE</c>), so two workers never get the same number and a study never gets more trials than asked; every running
/// trial has a heartbeat row, and a trial whose heartbeat is older than the timeout is marked failed by whichever
/// worker looks first (Optuna's RDB storage does the same with its <c>trial_heartbeats</c> table).
/// </summary>
public sealed partial class PostgresStore : ISharedStudyStorage
{
    public TimeSpan HeartbeatInterval => _options.HeartbeatInterval;

    public TimeSpan HeartbeatTimeout => _options.HeartbeatTimeout;

    public StudyRecord CreateOrLoadStudy(StudyRecord study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return WithTransaction(
            (c, t) =>
            {
                Execute(
                    c,
                    t,
                    "INSERT INTO studies (name, direction, seed, created_at) VALUES (@n, @d, @s, @t) ON CONFLICT (name) DO NOTHING",
                    ("n", study.Name),
                    ("d", study.Direction.ToYaml()),
                    ("s", study.Seed),
                    ("t", RunStore.FormatTime(_time.GetUtcNow()))
                );
                return ReadStudy(c, t, study.Name)!;
            }
        );
    }

    public StudyRecord? TryLoadStudy(string name) => WithConnection(c => ReadStudy(c, null, name));

    public int ClaimTrial(string studyName, Func<int, long> seed) => Claim(studyName, seed, maxTrials: null)!.Value;

    public int? TryClaimTrial(string studyName, Func<int, long> seed, int maxTrials) => Claim(studyName, seed, maxTrials);

    public void SetParams(string studyName, int number, IReadOnlyDictionary<string, object> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        WithConnection(c =>
            ExecuteOne(
                c,
                "UPDATE trials SET params_json = @p WHERE study = @s AND number = @n",
                studyName,
                number,
                ("p", RunStore.WriteParams(parameters))
            )
        );
    }

    public void ReportIntermediate(string studyName, int number, int step, double value) =>
        WithConnection(c =>
            Execute(
                c,
                null,
                "INSERT INTO trial_values (study, number, step, value) VALUES (@s, @n, @step, @v) "
                    + "ON CONFLICT (study, number, step) DO UPDATE SET value = excluded.value",
                ("s", studyName),
                ("n", number),
                ("step", step),
                // NULL stands for NaN, as in SQLite, so both stores hold the same rows.
                ("v", double.IsNaN(value) ? null : value)
            )
        );

    public void FinishTrial(string studyName, int number, TrialState state, double? value, string? message) =>
        WithTransaction(
            (c, t) =>
            {
                using var command = Command(
                    c,
                    t,
                    "UPDATE trials SET state = @state, value = @v, message = @m, finished_at = @t "
                        + "WHERE study = @s AND number = @n AND state = 'running'",
                    ("s", studyName),
                    ("n", number),
                    ("state", state.ToString().ToLowerInvariant()),
                    ("v", value),
                    ("m", message),
                    ("t", RunStore.FormatTime(_time.GetUtcNow()))
                );
                if (command.ExecuteNonQuery() != 1)
                    throw new InvalidOperationException(
                        $"study '{studyName}' has no running trial {number} (a worker may have declared it dead after {HeartbeatTimeout.TotalSeconds:0.#} s without heartbeat)"
                    );
                Execute(c, t, "DELETE FROM trial_heartbeats WHERE study = @s AND number = @n", ("s", studyName), ("n", number));
                return 0;
            }
        );

    public IReadOnlyList<Trial> LoadTrials(string studyName) =>
        WithConnection(c =>
        {
            var values = new Dictionary<int, ImmutableSortedDictionary<int, double>.Builder>();
            using (var command = Command(c, null, "SELECT number, step, value FROM trial_values WHERE study = @s", ("s", studyName)))
            using (var reader = command.ExecuteReader())
                while (reader.Read())
                {
                    var number = reader.GetInt32(0);
                    if (!values.TryGetValue(number, out var builder))
                        values[number] = builder = ImmutableSortedDictionary.CreateBuilder<int, double>();
                    builder[reader.GetInt32(1)] = reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2);
                }
            var trials = new List<Trial>();
            using (
                var command = Command(
                    c,
                    null,
                    "SELECT number, seed, state, params_json, value, message FROM trials WHERE study = @s ORDER BY number",
                    ("s", studyName)
                )
            )
            using (var reader = command.ExecuteReader())
                while (reader.Read())
                {
                    var number = reader.GetInt32(0);
                    trials.Add(
                        new Trial
                        {
                            Number = number,
                            Seed = reader.GetInt64(1),
                            State = Enum.Parse<TrialState>(reader.GetString(2), ignoreCase: true),
                            Params = RunStore.ReadParams(reader.GetString(3)),
                            Value = reader.IsDBNull(4) ? null : reader.GetDouble(4),
                            Message = reader.IsDBNull(5) ? null : reader.GetString(5),
                            IntermediateValues = values.TryGetValue(number, out var builder)
                                ? builder.ToImmutable()
                                : ImmutableSortedDictionary<int, double>.Empty,
                        }
                    );
                }
            return (IReadOnlyList<Trial>)trials;
        });

    public void RecordHeartbeat(string studyName, IReadOnlyCollection<int> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        if (numbers.Count == 0)
            return;
        WithConnection(c =>
            Execute(
                c,
                null,
                $"UPDATE trial_heartbeats SET heartbeat_at = {ServerNow} WHERE study = @s AND number = ANY(@n)",
                ("s", studyName),
                ("n", numbers.ToArray())
            )
        );
    }

    public IReadOnlyList<int> FailStaleTrials(string studyName) =>
        WithTransaction(
            (c, t) =>
            {
                var seconds = HeartbeatTimeout.TotalSeconds;
                using var command = Command(
                    c,
                    t,
                    "UPDATE trials SET state = 'failed', message = @m, finished_at = @t "
                        + "WHERE study = @s AND state = 'running' AND number IN (SELECT number FROM trial_heartbeats WHERE study = @s "
                        + $"AND heartbeat_at < to_char((clock_timestamp() AT TIME ZONE 'UTC') - make_interval(secs => @timeout), 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"0Z\"')) "
                        + "RETURNING number",
                    ("s", studyName),
                    ("timeout", seconds),
                    (
                        "m",
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"its worker sent no heartbeat for {seconds:0.###} s (the process died or lost the database)"
                        )
                    ),
                    ("t", RunStore.FormatTime(_time.GetUtcNow()))
                );
                var failed = new List<int>();
                using (var reader = command.ExecuteReader())
                    while (reader.Read())
                        failed.Add(reader.GetInt32(0));
                if (failed.Count > 0)
                    Execute(
                        c,
                        t,
                        "DELETE FROM trial_heartbeats WHERE study = @s AND number = ANY(@n)",
                        ("s", studyName),
                        ("n", failed.ToArray())
                    );
                failed.Sort();
                return (IReadOnlyList<int>)failed;
            }
        );

    /// <summary>Links a trial to the run record that evaluated it (the search step sets it).</summary>
    public void SetTrialRun(string studyName, int number, string runId) =>
        WithConnection(c =>
            ExecuteOne(c, "UPDATE trials SET run_id = @r WHERE study = @s AND number = @n", studyName, number, ("r", runId))
        );

    private int? Claim(string studyName, Func<int, long> seed, int? maxTrials)
    {
        ArgumentNullException.ThrowIfNull(seed);
        return WithTransaction<int?>(
            (c, t) =>
            {
                // The study's row lock queues concurrent claims; the primary key would refuse a duplicate anyway.
                if (Scalar(c, t, "SELECT 1 FROM studies WHERE name = @s FOR UPDATE", ("s", studyName)) is null)
                    throw new InvalidOperationException($"no study named '{studyName}'");
                int number,
                    count;
                using (
                    var command = Command(
                        c,
                        t,
                        "SELECT COALESCE(MAX(number) + 1, 0), COUNT(*) FROM trials WHERE study = @s",
                        ("s", studyName)
                    )
                )
                using (var reader = command.ExecuteReader())
                {
                    reader.Read();
                    number = reader.GetInt32(0);
                    count = (int)reader.GetInt64(1);
                }
                if (count >= maxTrials)
                    return null;
                Execute(
                    c,
                    t,
                    "INSERT INTO trials (study, number, seed, state, params_json, started_at) VALUES (@s, @n, @seed, 'running', '{}', @t)",
                    ("s", studyName),
                    ("n", number),
                    ("seed", seed(number)),
                    ("t", RunStore.FormatTime(_time.GetUtcNow()))
                );
                Execute(
                    c,
                    t,
                    $"INSERT INTO trial_heartbeats (study, number, heartbeat_at) VALUES (@s, @n, {ServerNow})",
                    ("s", studyName),
                    ("n", number)
                );
                return number;
            }
        );
    }

    private static StudyRecord? ReadStudy(NpgsqlConnection connection, NpgsqlTransaction? transaction, string name)
    {
        using var command = Command(connection, transaction, "SELECT direction, seed FROM studies WHERE name = @n", ("n", name));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new StudyRecord(
                name,
                reader.GetString(0) == "maximize" ? StudyDirection.Maximize : StudyDirection.Minimize,
                reader.GetInt64(1)
            )
            : null;
    }

    private static int ExecuteOne(
        NpgsqlConnection connection,
        string sql,
        string studyName,
        int number,
        params (string Name, object? Value)[] parameters
    )
    {
        if (Execute(connection, null, sql, [("s", studyName), ("n", number), .. parameters]) != 1)
            throw new InvalidOperationException($"study '{studyName}' has no trial {number}");
        return 1;
    }
}
