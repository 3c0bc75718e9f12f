namespace Repro.Core.Store.Postgres;

/// <summary>How a <see cref="PostgresStore"/> connects and how it tells a dead worker from a slow one.</summary>
public sealed record PostgresStoreOptions
{
    /// <summary>The Npgsql connection string (see <see cref="PostgresUrl.Parse"/> for the <c>postgres://</c> form).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>How often a worker refreshes the heartbeat of its running trials.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a running trial may go without a heartbeat before another worker marks it failed.</summary>
    /// <value>The default is 60 seconds: six missed heartbeats, so a busy machine or a short network cut is not a death.</value>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The URL it came from with the password hidden, for messages; the host and database otherwise.</summary>
    public string DisplayName { get; init; } = "PostgreSQL";
}
