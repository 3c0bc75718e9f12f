using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Core.Search;

namespace Repro.Core.Store;

/// <summary>
/// Studies and trials in the tables of <c>Migrations/0002_studies.sql</c>, for both stores that have them: SQLite's
/// <see cref="RunStore"/> and <see cref="Postgres.PostgresStore"/>. The statements are written once, over ADO.NET, with
/// <c>@name</c> parameters (both providers read them); a store says how it opens connections and transactions, and adds
/// the little that differs: PostgreSQL locks the study's row to claim a number and keeps a heartbeat per running trial.
/// Every call is one statement or one transaction, so a killed search loses at most its running trials, never a finished one.
/// </summary>
public abstract class SqlStudyStorage : IStudyStorage
{
    private readonly TimeProvider time;

    private protected SqlStudyStorage(TimeProvider time) => this.time = time;

    public StudyRecord CreateOrLoadStudy(StudyRecord study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return InTransaction(
            (c, t) =>
            {
                Insert(c, t, study);
                return ReadStudies(c, t, "WHERE name = @n", ("@n", study.Name)).SingleOrDefault()
                    ?? throw new InvalidOperationException(
                        $"study '{study.Name}' cannot be created: another study of stage '{study.Stage}' has its definition"
                    );
            }
        );
    }

    public StudyRecord? TryLoadStudy(string name) =>
        OnConnection(c => ReadStudies(c, null, "WHERE name = @n", ("@n", name)).SingleOrDefault());

    public IReadOnlyList<StudyRecord> ListStudies() => OnConnection(c => ReadStudies(c, null, "ORDER BY created_at, name"));

    public bool TryCreateStudy(StudyRecord study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return OnConnection(c => Insert(c, null, study)) == 1;
    }

    public bool TrySetDefinition(string name, StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return OnConnection(c =>
                Execute(
                    c,
                    null,
                    // A study recorded without a stage serves the stage it is named after (StudyRecord.SearchStage): it says so from now on.
                    "UPDATE studies SET stage = COALESCE(stage, name), definition_json = @j, definition_hash = @h "
                        + "WHERE name = @n AND definition_hash IS NULL AND NOT EXISTS (SELECT 1 FROM studies other "
                        + "WHERE COALESCE(other.stage, other.name) = COALESCE(studies.stage, studies.name) AND other.definition_hash = @h)",
                    ("@n", name),
                    ("@j", definition.Json),
                    ("@h", definition.Hash)
                )
            ) == 1;
    }

    public bool DeleteStudy(string name) =>
        // Trials, their values and heartbeats go with it (ON DELETE CASCADE).
        OnConnection(c => Execute(c, null, "DELETE FROM studies WHERE name = @n", ("@n", name))) == 1;

    public int ClaimTrial(string studyName, Func<int, long> seed) => Claim(studyName, seed, maxTrials: null)!.Value;

    public void SetParams(string studyName, int number, IReadOnlyDictionary<string, object> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ExecuteOne(
            "UPDATE trials SET params_json = @p WHERE study = @s AND number = @n",
            studyName,
            number,
            ("@p", WriteParams(parameters))
        );
    }

    public void ReportIntermediate(string studyName, int number, int step, double value) =>
        OnConnection(c =>
            Execute(
                c,
                null,
                // Only while the trial runs: a finished trial never changes again (one failed by another worker, say).
                "INSERT INTO trial_values (study, number, step, value) SELECT @s, @n, @step, @v "
                    + "WHERE EXISTS (SELECT 1 FROM trials WHERE study = @s AND number = @n AND state = 'running') "
                    + "ON CONFLICT (study, number, step) DO UPDATE SET value = excluded.value",
                ("@s", studyName),
                ("@n", number),
                ("@step", step),
                // NULL stands for NaN (PostgreSQL would keep a NaN, SQLite would not): both stores hold the same rows.
                ("@v", double.IsNaN(value) ? null : value)
            )
        );

    public void FinishTrial(string studyName, int number, TrialState state, double? value, string? message) =>
        InTransaction(
            (c, t) =>
            {
                var updated = Execute(
                    c,
                    t,
                    "UPDATE trials SET state = @state, value = @v, message = @m, finished_at = @t "
                        + "WHERE study = @s AND number = @n AND state = 'running'",
                    ("@s", studyName),
                    ("@n", number),
                    ("@state", state.ToString().ToLowerInvariant()),
                    ("@v", value),
                    ("@m", message),
                    ("@t", Now())
                );
                if (updated != 1)
                    throw new InvalidOperationException($"study '{studyName}' has no running trial {number}");
                TrialFinished(c, t, studyName, number);
                return updated;
            }
        );

    public IReadOnlyList<Trial> LoadTrials(string studyName) =>
        OnConnection(c =>
        {
            var values = new Dictionary<int, ImmutableSortedDictionary<int, double>.Builder>();
            using (var command = Command(c, null, "SELECT number, step, value FROM trial_values WHERE study = @s", ("@s", studyName)))
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
                    ("@s", studyName)
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
                            Params = ReadParams(reader.GetString(3)),
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

    public IReadOnlyList<TrialOutcome> LoadOutcomes(string studyName) =>
        OnConnection(c =>
        {
            var outcomes = new List<TrialOutcome>();
            using var command = Command(
                c,
                null,
                "SELECT number, state, value FROM trials WHERE study = @s ORDER BY number",
                ("@s", studyName)
            );
            using var reader = command.ExecuteReader();
            while (reader.Read())
                outcomes.Add(
                    new(
                        reader.GetInt32(0),
                        Enum.Parse<TrialState>(reader.GetString(1), ignoreCase: true),
                        reader.IsDBNull(2) ? null : reader.GetDouble(2)
                    )
                );
            return (IReadOnlyList<TrialOutcome>)outcomes;
        });

    /// <summary>Links a trial to the run record that evaluated it (the search step sets it).</summary>
    public void SetTrialRun(string studyName, int number, string runId) =>
        ExecuteOne("UPDATE trials SET run_id = @r WHERE study = @s AND number = @n", studyName, number, ("@r", runId));

    /// <summary>Runs <paramref name="work"/> on a connection: reads, and writes of one statement (each commits on its own).</summary>
    private protected abstract T OnConnection<T>(Func<DbConnection, T> work);

    /// <summary>Runs <paramref name="work"/> in a transaction and commits it.</summary>
    private protected abstract T InTransaction<T>(Func<DbConnection, DbTransaction, T> work);

    /// <summary>
    /// Whether a claim locks the study's row (<c>FOR UPDATE</c>) to queue concurrent claims; SQLite's write transaction
    /// already holds the whole file's write lock.
    /// </summary>
    private protected virtual bool LocksStudyRow => false;

    /// <summary>Called in the claim's transaction once trial <paramref name="number"/> is inserted.</summary>
    private protected virtual void TrialClaimed(DbConnection connection, DbTransaction transaction, string studyName, int number) { }

    /// <summary>Called in the finishing transaction once trial <paramref name="number"/> has its final state.</summary>
    private protected virtual void TrialFinished(DbConnection connection, DbTransaction transaction, string studyName, int number) { }

    /// <summary>
    /// Claims the next number and inserts a running trial for it, unless the study already has <paramref name="maxTrials"/>
    /// trials (null: no limit); returns the number, or null when the study is full.
    /// </summary>
    private protected int? Claim(string studyName, Func<int, long> seed, int? maxTrials)
    {
        ArgumentNullException.ThrowIfNull(seed);
        return InTransaction<int?>(
            (c, t) =>
            {
                var lockSql = "SELECT 1 FROM studies WHERE name = @s" + (LocksStudyRow ? " FOR UPDATE" : "");
                if (Scalar(c, t, lockSql, ("@s", studyName)) is null)
                    throw new InvalidOperationException($"no study named '{studyName}'");
                int number,
                    count;
                using (
                    var command = Command(
                        c,
                        t,
                        "SELECT COALESCE(MAX(number) + 1, 0), COUNT(*) FROM trials WHERE study = @s",
                        ("@s", studyName)
                    )
                )
                using (var reader = command.ExecuteReader())
                {
                    reader.Read();
                    number = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                    count = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
                }
                if (count >= maxTrials)
                    return null;
                Execute(
                    c,
                    t,
                    "INSERT INTO trials (study, number, seed, state, params_json, started_at) VALUES (@s, @n, @seed, 'running', '{}', @t)",
                    ("@s", studyName),
                    ("@n", number),
                    ("@seed", seed(number)),
                    ("@t", Now())
                );
                TrialClaimed(c, t, studyName, number);
                return number;
            }
        );
    }

    /// <summary>Now as the stores write times (ISO 8601, UTC).</summary>
    private protected string Now() => RunStore.FormatTime(time.GetUtcNow());

    private protected static DbCommand Command(
        DbConnection connection,
        DbTransaction? transaction,
        string sql,
        params (string Name, object? Value)[] parameters
    )
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private protected static int Execute(
        DbConnection connection,
        DbTransaction? transaction,
        string sql,
        params (string Name, object? Value)[] parameters
    )
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private protected static object? Scalar(
        DbConnection connection,
        DbTransaction? transaction,
        string sql,
        params (string Name, object? Value)[] parameters
    )
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteScalar();
    }

    /// <summary>A point as JSON; a real always keeps a decimal point or exponent, so it reads back as a real.</summary>
    internal static string WriteParams(IReadOnlyDictionary<string, object> parameters)
    {
        var json = new JsonObject();
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            json[name] = value switch
            {
                double d => JsonNode.Parse(RealText(d)),
                long l => JsonValue.Create(l),
                int i => JsonValue.Create((long)i),
                bool b => JsonValue.Create(b),
                string s => JsonValue.Create(s),
                _ => throw new ArgumentException($"parameter '{name}' has a value of type {value.GetType().Name}", nameof(parameters)),
            };
        return json.ToJsonString();
    }

    internal static ImmutableSortedDictionary<string, object> ReadParams(string json)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, object>(StringComparer.Ordinal);
        // A reader, not JsonNode: opening a 10,000-trial study reads 10,000 of these, and a parsed node's text would
        // need a JSON writer per number to tell 3 (an int) from 3.0 (a float).
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"trial params are not a JSON object: {json}");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            result[name] = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                JsonTokenType.Number when reader.ValueSpan.IndexOfAny(".eE"u8) >= 0 => reader.GetDouble(),
                JsonTokenType.Number => reader.GetInt64(),
                _ => throw new JsonException($"trial param '{name}' is not a string, number or boolean: {json}"),
            };
        }
        return result.ToImmutable();
    }

    private static string RealText(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(['.', 'E', 'e']) >= 0 ? text : text + ".0";
    }

    /// <summary>
    /// Inserts a study unless its name, or its stage and definition, are taken (no conflict target: either unique key
    /// counts); returns the rows inserted.
    /// </summary>
    private int Insert(DbConnection connection, DbTransaction? transaction, StudyRecord study) =>
        Execute(
            connection,
            transaction,
            "INSERT INTO studies (name, direction, seed, created_at, stage, definition_json, definition_hash) "
                + "VALUES (@n, @d, @s, @t, @stage, @j, @h) ON CONFLICT DO NOTHING",
            ("@n", study.Name),
            ("@d", study.Direction.ToYaml()),
            ("@s", study.Seed),
            ("@t", Now()),
            ("@stage", study.Stage),
            ("@j", study.Definition?.Json),
            ("@h", study.Definition?.Hash)
        );

    private static List<StudyRecord> ReadStudies(
        DbConnection connection,
        DbTransaction? transaction,
        string tail,
        params (string Name, object? Value)[] parameters
    )
    {
        using var command = Command(
            connection,
            transaction,
            $"SELECT name, direction, seed, stage, definition_json FROM studies {tail}",
            parameters
        );
        using var reader = command.ExecuteReader();
        var studies = new List<StudyRecord>();
        while (reader.Read())
            studies.Add(
                new StudyRecord(
                    reader.GetString(0),
                    reader.GetString(1) == "maximize" ? StudyDirection.Maximize : StudyDirection.Minimize,
                    reader.GetInt64(2)
                )
                {
                    Stage = reader.IsDBNull(3) ? null : reader.GetString(3),
                    Definition = reader.IsDBNull(4) ? null : StudyDefinition.Parse(reader.GetString(4)),
                }
            );
        return studies;
    }

    /// <summary>Runs an UPDATE of one trial; it must change exactly that trial.</summary>
    private void ExecuteOne(string sql, string studyName, int number, params (string Name, object? Value)[] parameters) =>
        OnConnection(c =>
            Execute(c, null, sql, [("@s", studyName), ("@n", number), .. parameters]) == 1
                ? 1
                : throw new InvalidOperationException($"study '{studyName}' has no trial {number}")
        );
}
