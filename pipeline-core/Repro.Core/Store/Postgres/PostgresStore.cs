using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace Repro.Core.Store.Postgres;

/// <summary>
/// The store in PostgreSQL (<c>store: postgres://...</c> or <c>REPRO_STORE</c>, DESIGN.md §9): the same tables as
/// <c>.repro/repro.db</c>, created by the same <c>Migrations/NNNN_name.sql</c> scripts and versioned in the same
/// <c>schema_version</c> table, so an older store is migrated and a newer one refused. Studies and trials live here, so
/// several processes on several machines work on one study at once; the run records, the run cache and the stat cache
/// stay in the project's SQLite file. Thread-safe: every call takes a pooled connection of its own.
/// </summary>
public sealed partial class PostgresStore : IDisposable
{
    // Any constant will do: it only has to be the same for every Repro that migrates this database.
    private const long MigrationLockKey = 0x5265_7072_6F4D_6967;

    /// <summary>The server's clock as the store's ISO 8601 text: heartbeats compare times from one clock, not each machine's.</summary>
    private const string ServerNow = """to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"0Z"')""";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresStoreOptions _options;

    private PostgresStore(NpgsqlDataSource dataSource, PostgresStoreOptions options, TimeProvider time, int schemaVersion)
        : base(time)
    {
        _dataSource = dataSource;
        _options = options;
        SchemaVersion = schemaVersion;
    }

    /// <summary>The schema version of the opened store (after migration).</summary>
    public int SchemaVersion { get; }

    /// <summary>The store's URL with the password hidden.</summary>
    public string DisplayName => _options.DisplayName;

    /// <summary>Connects, creates the schema when the database is empty and migrates an older one.</summary>
    /// <exception cref="ReproException">The server cannot be reached or refuses us, or a newer Repro wrote the store.</exception>
    public static PostgresStore Open(PostgresStoreOptions options, TimeProvider? time = null) => Open(options, RunStore.Migrations, time);

    /// <summary>Parses a <c>postgres://</c> URL and opens the store it names.</summary>
    public static PostgresStore Open(string url, TimeProvider? time = null) => Open(PostgresUrl.Parse(url), time);

    internal static PostgresStore Open(
        PostgresStoreOptions options,
        IReadOnlyList<RunStore.Migration> migrations,
        TimeProvider? time = null
    )
    {
        ArgumentNullException.ThrowIfNull(options);
        time ??= TimeProvider.System;
        var dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        try
        {
            var version = Migrate(dataSource, migrations, time, options.DisplayName);
            return new PostgresStore(dataSource, options, time, version);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            dataSource.Dispose();
            throw new ReproException(
                $"cannot use the store {options.DisplayName}: {ex.Message}",
                "check that PostgreSQL runs there, that the database exists and that the user may create tables in it"
            );
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    public void Dispose() => _dataSource.Dispose();

    private static int Migrate(NpgsqlDataSource dataSource, IReadOnlyList<RunStore.Migration> migrations, TimeProvider time, string name)
    {
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        // Two processes opening a fresh database at once migrate one after the other, not both (DDL is transactional here).
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@k)", ("k", MigrationLockKey));
        Execute(
            connection,
            transaction,
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)"
        );
        var latest = migrations[^1].Version;
        var current = Convert.ToInt32(
            Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"),
            CultureInfo.InvariantCulture
        );
        if (current > latest)
        {
            throw new ReproException(
                $"the store {name} has schema version {current}, newer than this Repro supports ({latest})",
                "a newer Repro wrote it: upgrade Repro (dotnet tool update -g Repro.Tool) on this machine, or point store: at another database"
            );
        }
        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            Execute(connection, transaction, migration.Sql);
            Execute(
                connection,
                transaction,
                "INSERT INTO schema_version (version, applied_at) VALUES (@v, @t)",
                ("v", migration.Version),
                ("t", RunStore.FormatTime(time.GetUtcNow()))
            );
            current = migration.Version;
        }
        transaction.Commit();
        return current;
    }

    private T WithConnection<T>(Func<NpgsqlConnection, T> action)
    {
        using var connection = _dataSource.OpenConnection();
        return action(connection);
    }

    private T WithTransaction<T>(Func<NpgsqlConnection, NpgsqlTransaction, T> action)
    {
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var result = action(connection, transaction);
        transaction.Commit();
        return result;
    }
}
