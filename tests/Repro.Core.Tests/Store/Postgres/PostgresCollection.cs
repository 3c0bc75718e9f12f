namespace Repro.Core.Tests.Store.Postgres;

/// <summary>The tests that share one <see cref="PostgresServer"/>, each in a database of its own.</summary>
[CollectionDefinition("Postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>;
