using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.ScaleOut;
using Dispatch.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using static Dispatch.Infrastructure.Tests.Persistence.Scenario;

namespace Dispatch.Infrastructure.Tests.Presence;

[Collection(RedisCollection.Name)]
public sealed class PresenceStoreTests(RedisServer redis) : IDisposable
{
    private readonly List<IConnectionMultiplexer> _connections = [];

    private static readonly Guid Housing = Guid.NewGuid();
    private static readonly Guid Labour = Guid.NewGuid();
    private static readonly Guid Wang = Guid.NewGuid();
    private static readonly Guid Zhao = Guid.NewGuid();

    /// <summary>A store on its own connection and key prefix, configured as the app configures it.</summary>
    private RedisPresenceStore RedisStore(TimeProvider clock, string? configuration = null)
    {
        var settings = new RedisSettings { Configuration = configuration ?? redis.Configuration, Prefix = $"t{Guid.NewGuid():N}:" };
        var connection = ConnectionMultiplexer.Connect(settings.ToOptions());
        _connections.Add(connection);
        return new RedisPresenceStore(connection, settings, clock, NullLogger<RedisPresenceStore>.Instance);
    }

    private IPresenceStore Store(string kind, TimeProvider clock) => kind == "memory"
        ? new InMemoryPresenceStore(clock)
        : RedisStore(clock);

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("redis")]
    public async Task An_entry_counts_until_45_seconds_after_its_last_beat(string kind)
    {
        var clock = new FakeClock(Monday9);
        var store = Store(kind, clock);
        await store.BeatAsync([new PresenceBeat(Housing, Wang, "c1")], default);

        clock.Advance(TimeSpan.FromSeconds(30));
        (await store.ReadAsync([Housing, Labour], default))[Housing].ShouldBe([Wang]);
        await store.BeatAsync([new PresenceBeat(Housing, Wang, "c1")], default);

        clock.Advance(TimeSpan.FromSeconds(44));
        (await store.ReadAsync([Housing], default))[Housing].ShouldBe([Wang]);
        clock.Advance(TimeSpan.FromSeconds(1));
        (await store.ReadAsync([Housing], default))[Housing].ShouldBeEmpty();
        (await store.ReadAsync([Labour], default))[Labour].ShouldBeEmpty();
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("redis")]
    public async Task Two_terminals_of_one_person_count_once_and_leave_separately(string kind)
    {
        var clock = new FakeClock(Monday9);
        var store = Store(kind, clock);
        await store.BeatAsync([new PresenceBeat(Housing, Wang, "laptop"), new PresenceBeat(Housing, Wang, "phone"), new PresenceBeat(Housing, Zhao, "pc")], default);

        (await store.ReadAsync([Housing], default))[Housing].Count.ShouldBe(2);
        await store.LeaveAsync([new PresenceBeat(Housing, Wang, "laptop"), new PresenceBeat(Housing, Zhao, "pc")], default);

        (await store.ReadAsync([Housing], default))[Housing].ShouldBe([Wang]);
    }

    [Fact]
    public async Task Foreign_members_and_a_key_of_the_wrong_type_are_skipped_then_healed()
    {
        var clock = new FakeClock(Monday9);
        var store = RedisStore(clock);
        var far = Monday9.AddDays(1).ToUnixTimeMilliseconds();
        var raw = _connections[^1].GetDatabase();
        await raw.SortedSetAddAsync(store.KeyOf(Housing), [
            new SortedSetEntry("not-a-guid", far), new SortedSetEntry($"{Wang:N}", far), new SortedSetEntry($"{Guid.NewGuid():D}:x", far), new SortedSetEntry("\u0000\u00ff💥", far)]);
        await raw.StringSetAsync(store.KeyOf(Labour), "garbage");

        var read = await store.ReadAsync([Housing, Labour], default);
        read[Housing].ShouldBeEmpty();
        read[Labour].ShouldBeEmpty();

        await store.BeatAsync([new PresenceBeat(Labour, Zhao, "pc")], default);
        (await store.ReadAsync([Labour], default))[Labour].ShouldBe([Zhao]);
    }

    [Fact]
    public async Task While_redis_is_down_presence_is_unavailable_and_it_comes_back_by_itself()
    {
        using var server = new RedisServer();
        var clock = new FakeClock(Monday9);
        var store = RedisStore(clock, server.Configuration);
        await store.BeatAsync([new PresenceBeat(Housing, Wang, "c1")], default);

        server.Stop();
        var error = await Should.ThrowAsync<PresenceUnavailableException>(() => store.ReadAsync([Housing], default));
        error.Message.ShouldStartWith("在岗信息暂不可用");
        await Should.ThrowAsync<PresenceUnavailableException>(() => store.BeatAsync([new PresenceBeat(Housing, Wang, "c1")], default));
        server.Start();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                await store.BeatAsync([new PresenceBeat(Housing, Wang, "c1")], default);
                break;
            }
            catch (PresenceUnavailableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }

        (await store.ReadAsync([Housing], default))[Housing].ShouldBe([Wang]);
    }
}
