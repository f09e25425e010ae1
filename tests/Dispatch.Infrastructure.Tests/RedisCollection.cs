using Dispatch.TestSupport;

namespace Dispatch.Infrastructure.Tests;

/// <summary>Tests that share one private redis-server (each uses its own keys or database).</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
