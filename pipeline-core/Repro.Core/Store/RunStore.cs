using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Repro.Core.Store;

/// <summary>
/// The embedded run store, <c>.repro/repro.db</c> (SQLite, WAL): runs, stage executions, the run cache, metrics,
/// metric series and the stat cache. The schema comes from the embedded <c>Migrations/NNNN_name.sql</c> scripts, applied
/// in order and recorded in <c>schema_version</c>; a store written by a newer Repro is refused rather than damaged.
/// One instance may be used from several threads; several processes may open the same file.
/// </summary>
public sealed partial class RunStore : IDisposable
{
    private const string MigrationResourcePrefix = "Repro.Core.Store.Migrations.";
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly System.Threading.Lock _gate = new();

    private RunStore(SqliteConnection connection, TimeProvider time, int schemaVersion)
        : base(time)
    {
        _connection = connection;
        _time = time;
        SchemaVersion = schemaVersion;
    }

    /// <summary>The schema version this build of Repro writes.</summary>
    public static int LatestSchemaVersion => EmbeddedMigrations.Value[^1].Version;

    /// <summary>The schema version of the opened store (after migration).</summary>
    public int SchemaVersion { get; }

    /// <summary>The database file.</summary>
    public string DbPath => _connection.DataSource;

    /// <summary>Opens (creating if needed) the store at <paramref name="dbPath"/> and migrates it to the latest schema.</summary>
    /// <exception cref="ReproException">The store was written by a newer Repro, or is not a Repro store.</exception>
    public static RunStore Open(string dbPath, TimeProvider? time = null) => Open(dbPath, EmbeddedMigrations.Value, time);

    internal static RunStore Open(string dbPath, IReadOnlyList<Migration> migrations, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dbPath);
        time ??= TimeProvider.System;
        var fullPath = Path.GetFullPath(dbPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var connection = new SqliteConnection(
            new SqliteConnectionStringBuilder
            {
                DataSource = fullPath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                // Pooling would keep the file open after Dispose; a store is opened once per command anyway.
                Pooling = false,
                DefaultTimeout = 30,
            }.ToString()
        );
        try
        {
            connection.Open();
            // WAL: readers (repro status, exp list) never wait for a writer; NORMAL sync is durable across crashes in WAL.
            Execute(
                connection,
                null,
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;"
            );
            var version = Migrate(connection, migrations, time, fullPath);
            return new RunStore(connection, time, version);
        }
        catch (SqliteException ex)
            when (ex.SqliteErrorCode is 26 /* SQLITE_NOTADB */
            )
        {
            connection.Dispose();
            throw new ReproException(
                $"'{fullPath}' is not a Repro run store (not a SQLite database)",
                "move it away; Repro creates a new one"
            );
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        lock (_gate)
            _connection.Dispose();
    }

    private static int Migrate(SqliteConnection connection, IReadOnlyList<Migration> migrations, TimeProvider time, string dbPath)
    {
        Execute(
            connection,
            null,
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)"
        );
        var latest = migrations[^1].Version;
        // IMMEDIATE: two processes opening a fresh store at once migrate one after the other, not both.
        using var transaction = connection.BeginTransaction(deferred: false);
        var current = Convert.ToInt32(
            Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"),
            CultureInfo.InvariantCulture
        );
        if (current > latest)
        {
            throw new ReproException(
                $"the run store '{dbPath}' has schema version {current}, newer than this Repro supports ({latest})",
                "a newer Repro wrote it: upgrade Repro (dotnet tool update -g Repro.Tool), or move .repro/repro.db away to start a new store"
            );
        }
        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = migration.Sql;
                command.ExecuteNonQuery();
            }
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES ($v, $t)";
            record.Parameters.AddWithValue("$v", migration.Version);
            record.Parameters.AddWithValue("$t", FormatTime(time.GetUtcNow()));
            record.ExecuteNonQuery();
            current = migration.Version;
        }
        transaction.Commit();
        return current;
    }

    private static readonly Lazy<IReadOnlyList<Migration>> EmbeddedMigrations = new(LoadEmbeddedMigrations);

    /// <summary>The schema steps this build writes, in order; the PostgreSQL store applies the same ones.</summary>
    internal static IReadOnlyList<Migration> Migrations => EmbeddedMigrations.Value;

    private static IReadOnlyList<Migration> LoadEmbeddedMigrations()
    {
        var assembly = typeof(RunStore).Assembly;
        var migrations = new List<Migration>();
        foreach (
            var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(MigrationResourcePrefix, StringComparison.Ordinal))
        )
        {
            var file = name[MigrationResourcePrefix.Length..];
            var version = int.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(version, file, reader.ReadToEnd()));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"run store migrations must be numbered 1, 2, 3...; found {migrations[i].Name}");
        }
        return migrations;
    }

    /// <summary>One schema step: <c>Migrations/NNNN_name.sql</c>.</summary>
    internal sealed record Migration(int Version, string Name, string Sql);

    private T WithConnection<T>(Func<SqliteConnection, T> action)
    {
        lock (_gate)
            return action(_connection);
    }

    private void WithTransaction(Action<SqliteConnection, SqliteTransaction> action)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            action(_connection, transaction);
            transaction.Commit();
        }
    }

    // The same helper, typed as SQLite's: the run tables reuse one command for many rows (Parameters.AddWithValue).
    private static SqliteCommand Command(
        SqliteConnection connection,
        SqliteTransaction? transaction,
        string sql,
        params (string Name, object? Value)[] parameters
    ) => (SqliteCommand)SqlStudyStorage.Command(connection, transaction, sql, parameters);

    internal static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    internal static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string? NullableString(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string Lower<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    private static TEnum ParseEnum<TEnum>(string text)
        where TEnum : struct, Enum => Enum.Parse<TEnum>(text, ignoreCase: true);
}
