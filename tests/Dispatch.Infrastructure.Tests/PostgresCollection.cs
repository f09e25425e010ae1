using Dispatch.TestSupport;

namespace Dispatch.Infrastructure.Tests;

/// <summary>Tests that share one private PostgreSQL server for the run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
