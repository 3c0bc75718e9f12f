using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Repro.Core.Search;

namespace Repro.Core.Store;

/// <summary>
/// Studies and trials in <c>.repro/repro.db</c> (schema 2): every call is one transaction, so a killed search loses
/// at most its running trials and never a finished one; trial numbers are claimed in an IMMEDIATE transaction, so
/// several processes on one file never get the same number.
/// </summary>
public sealed partial class RunStore : IStudyStorage
{
    public StudyRecord CreateOrLoadStudy(StudyRecord study)
    {
        ArgumentNullException.ThrowIfNull(study);
        StudyRecord? result = null;
        WithTransaction(
            (c, t) =>
            {
                result = ReadStudy(c, t, study.Name);
                if (result is not null)
                    return;
                using var insert = Command(
                    c,
                    t,
                    "INSERT INTO studies (name, direction, seed, created_at) VALUES ($n, $d, $s, $t)",
                    ("$n", study.Name),
                    ("$d", study.Direction.ToYaml()),
                    ("$s", study.Seed),
                    ("$t", FormatTime(_time.GetUtcNow()))
                );
                insert.ExecuteNonQuery();
                result = study;
            }
        );
        return result!;
    }

    public StudyRecord? TryLoadStudy(string name) => WithConnection(c => ReadStudy(c, null, name));

    public int ClaimTrial(string studyName, Func<int, long> seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var number = 0;
        WithTransaction(
            (c, t) =>
            {
                number = Convert.ToInt32(
                    Scalar(c, t, "SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study = $s", ("$s", studyName)),
                    CultureInfo.InvariantCulture
                );
                using var insert = Command(
                    c,
                    t,
                    "INSERT INTO trials (study, number, seed, state, params_json, started_at) VALUES ($s, $n, $seed, 'running', '{}', $t)",
                    ("$s", studyName),
                    ("$n", number),
                    ("$seed", seed(number)),
                    ("$t", FormatTime(_time.GetUtcNow()))
                );
                insert.ExecuteNonQuery();
            }
        );
        return number;
    }

    public void SetParams(string studyName, int number, IReadOnlyDictionary<string, object> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        WithTransaction(
            (c, t) =>
                ExecuteOne(
                    c,
                    t,
                    "UPDATE trials SET params_json = $p WHERE study = $s AND number = $n",
                    studyName,
                    number,
                    ("$p", WriteParams(parameters))
                )
        );
    }

    public void ReportIntermediate(string studyName, int number, int step, double value) =>
        WithTransaction(
            (c, t) =>
            {
                using var command = Command(
                    c,
                    t,
                    "INSERT INTO trial_values (study, number, step, value) VALUES ($s, $n, $step, $v) "
                        + "ON CONFLICT (study, number, step) DO UPDATE SET value = excluded.value",
                    ("$s", studyName),
                    ("$n", number),
                    ("$step", step),
                    ("$v", double.IsNaN(value) ? null : value)
                );
                command.ExecuteNonQuery();
            }
        );

    public void FinishTrial(string studyName, int number, TrialState state, double? value, string? message) =>
        WithTransaction(
            (c, t) =>
                ExecuteOne(
                    c,
                    t,
                    "UPDATE trials SET state = $state, value = $v, message = $m, finished_at = $t "
                        + "WHERE study = $s AND number = $n AND state = 'running'",
                    studyName,
                    number,
                    ("$state", Lower(state)),
                    ("$v", value),
                    ("$m", message),
                    ("$t", FormatTime(_time.GetUtcNow()))
                )
        );

    public IReadOnlyList<Trial> LoadTrials(string studyName) =>
        WithConnection(c =>
        {
            var values = new Dictionary<int, ImmutableSortedDictionary<int, double>.Builder>();
            using (var command = Command(c, null, "SELECT number, step, value FROM trial_values WHERE study = $s", ("$s", studyName)))
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
                    "SELECT number, seed, state, params_json, value, message FROM trials WHERE study = $s ORDER BY number",
                    ("$s", studyName)
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
                            State = ParseEnum<TrialState>(reader.GetString(2)),
                            Params = ReadParams(reader.GetString(3)),
                            Value = reader.IsDBNull(4) ? null : reader.GetDouble(4),
                            Message = NullableString(reader, 5),
                            IntermediateValues = values.TryGetValue(number, out var builder)
                                ? builder.ToImmutable()
                                : ImmutableSortedDictionary<int, double>.Empty,
                        }
                    );
                }
            return (IReadOnlyList<Trial>)trials;
        });

    /// <summary>Links a trial to the run record that evaluated it (the search step sets it).</summary>
    public void SetTrialRun(string studyName, int number, string runId) =>
        WithTransaction(
            (c, t) => ExecuteOne(c, t, "UPDATE trials SET run_id = $r WHERE study = $s AND number = $n", studyName, number, ("$r", runId))
        );

    private static StudyRecord? ReadStudy(SqliteConnection connection, SqliteTransaction? transaction, string name)
    {
        using var command = Command(connection, transaction, "SELECT direction, seed FROM studies WHERE name = $n", ("$n", name));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new StudyRecord(
                name,
                reader.GetString(0) == "maximize" ? StudyDirection.Maximize : StudyDirection.Minimize,
                reader.GetInt64(1)
            )
            : null;
    }

    private static void ExecuteOne(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string sql,
        string studyName,
        int number,
        params (string Name, object? Value)[] parameters
    )
    {
        using var command = Command(connection, transaction, sql, [("$s", studyName), ("$n", number), .. parameters]);
        if (command.ExecuteNonQuery() != 1)
            throw new InvalidOperationException($"study '{studyName}' has no running trial {number}");
    }

    private static object? Scalar(
        SqliteConnection connection,
        SqliteTransaction? transaction,
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
        foreach (var (name, node) in JsonNode.Parse(json)!.AsObject())
        {
            var value = node!.AsValue();
            result[name] = value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ when value.ToJsonString() is var text && text.IndexOfAny(['.', 'e', 'E']) >= 0 => double.Parse(
                    text,
                    CultureInfo.InvariantCulture
                ),
                _ => value.GetValue<long>(),
            };
        }
        return result.ToImmutable();
    }

    private static string RealText(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(['.', 'E', 'e']) >= 0 ? text : text + ".0";
    }
}
