using Repro.Core.Pipeline;
using Repro.Core.Store.Postgres;

namespace Repro.Core.Store;

/// <summary>
/// Decides where studies live: <c>REPRO_STORE</c> when set, else <c>store:</c> in pipeline.yaml, else the project's
/// <c>.repro/repro.db</c>. Either may be <c>sqlite</c> (the default, named) or a <c>postgres://</c> URL.
/// </summary>
public static class StoreLocator
{
    /// <summary>The environment variable that overrides <c>store:</c>.</summary>
    public const string EnvironmentVariable = "REPRO_STORE";

    /// <summary>The embedded store's name in <c>store:</c> and <c>REPRO_STORE</c>.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>
    /// The PostgreSQL store that <paramref name="environmentValue"/> (REPRO_STORE) or else <paramref name="pipeline"/>'s
    /// <c>store:</c> names, or null for the project's SQLite file.
    /// </summary>
    /// <exception cref="ReproException">REPRO_STORE is neither <c>sqlite</c> nor a valid <c>postgres://</c> URL.</exception>
    public static PostgresStoreOptions? Resolve(PipelineFile pipeline, string? environmentValue)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            var value = environmentValue.Trim();
            if (value == Sqlite)
                return null;
            if (!PostgresUrl.IsPostgres(value))
                throw new ReproException(
                    $"{EnvironmentVariable} is '{PostgresUrl.Redact(value)}', which is neither '{Sqlite}' nor a postgres:// URL",
                    "set it to postgres://user:password@host:5432/database, or unset it to use .repro/repro.db"
                );
            return PostgresUrl.Parse(value);
        }
        return pipeline.Store is { } store && store != Sqlite ? PostgresUrl.Parse(store) : null;
    }

    /// <summary>Opens the PostgreSQL store this run should use (see <see cref="Resolve"/>), or returns null for SQLite.</summary>
    public static PostgresStore? OpenShared(PipelineFile pipeline, TimeProvider? time = null) =>
        Resolve(pipeline, Environment.GetEnvironmentVariable(EnvironmentVariable)) is { } options
            ? PostgresStore.Open(options, time)
            : null;
}
