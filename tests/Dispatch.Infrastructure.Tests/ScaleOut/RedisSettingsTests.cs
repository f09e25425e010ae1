using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.ScaleOut;
using Dispatch.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using static Dispatch.Infrastructure.Tests.Persistence.Scenario;

namespace Dispatch.Infrastructure.Tests.ScaleOut;

/// <summary><c>Redis:Configuration</c> is StackExchange.Redis's own syntax; what the app adds to it, and its errors.</summary>
public sealed class RedisSettingsTests
{
    [Fact]
    public void TheOperatorsString_IsTakenAsStackExchangeRedisReadsIt_PlusWhatAnAlwaysOnAppNeeds()
    {
        var options = new RedisSettings { Configuration = "redis-a:6380,redis-b:6380,password=s3cret,user=dispatch,ssl=true,sslHost=redis.example.cn,serviceName=mymaster,connectTimeout=3000,syncTimeout=2500" }.ToOptions();

        options.EndPoints.Select(e => e.ToString()).ShouldBe(["Unspecified/redis-a:6380", "Unspecified/redis-b:6380"]);
        options.Password.ShouldBe("s3cret");
        options.User.ShouldBe("dispatch");
        options.Ssl.ShouldBeTrue();
        options.SslHost.ShouldBe("redis.example.cn");
        options.ServiceName.ShouldBe("mymaster");
        options.ConnectTimeout.ShouldBe(3000);
        options.SyncTimeout.ShouldBe(2500);
        options.AbortOnConnectFail.ShouldBeFalse("the app starts while Redis is down");
        options.BacklogPolicy.ShouldBe(BacklogPolicy.FailFast);
    }

    [Theory]
    [InlineData("127.0.0.1:6379,maxBackoff=200", "maxBackoff")]
    [InlineData("password=x", "names no server")]
    public void AMistake_StopsTheStart_WithAMessageNamingTheSetting(string configuration, string named)
    {
        var error = Should.Throw<InvalidOperationException>(() => new RedisSettings { Configuration = configuration }.ToOptions());

        error.Message.ShouldContain("Redis:Configuration");
        error.Message.ShouldContain(named);
    }

    [Fact]
    public async Task APasswordProtectedServer_IsReachedWithItsPassword_AndAWrongOneReadsAsUnavailable()
    {
        using var server = RedisServer.WithPassword("Zz-9f3!k");
        var clock = new FakeClock(Monday9);
        var beat = new PresenceBeat(Guid.NewGuid(), Guid.NewGuid(), "c1");

        var right = new RedisSettings { Configuration = server.Configuration };
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(right.ToOptions()))
        {
            var store = new RedisPresenceStore(connection, right, clock, NullLogger<RedisPresenceStore>.Instance);
            await store.BeatAsync([beat], default);
            (await store.ReadAsync([beat.DepartmentId], default))[beat.DepartmentId].ShouldBe([beat.StaffId]);
        }

        var wrong = new RedisSettings { Configuration = server.Configuration.Replace("Zz-9f3!k", "wrong", StringComparison.Ordinal) + ",connectRetry=0" };
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(wrong.ToOptions()))
        {
            var store = new RedisPresenceStore(connection, wrong, clock, NullLogger<RedisPresenceStore>.Instance);
            var error = await Should.ThrowAsync<PresenceUnavailableException>(() => store.ReadAsync([beat.DepartmentId], default));
            error.Message.ShouldStartWith("在岗信息暂不可用");
        }
    }
}
