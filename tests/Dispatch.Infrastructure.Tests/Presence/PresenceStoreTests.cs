using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.Redis;
using Dispatch.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using static Dispatch.Infrastructure.Tests.Persistence.Scenario;

namespace Dispatch.Infrastructure.Tests.Presence;

[Collection(RedisCollection.Name)]
public sealed class PresenceStoreTests(RedisServer redis)
{
    private static readonly Guid Housing = Guid.NewGuid();
    private static readonly Guid Labour = Guid.NewGuid();
    private static readonly Guid Wang = Guid.NewGuid();
    private static readonly Guid Zhao = Guid.NewGuid();

    private RedisClient Client(string? configuration = null) =>
        new(RedisOptions.Parse((configuration ?? redis.Configuration) + $",prefix=t{Guid.NewGuid():N}:"), NullLogger<RedisClient>.Instance);

    private IPresenceStore Store(string kind, TimeProvider clock) => kind == "memory"
        ? new InMemoryPresenceStore(clock)
        : new RedisPresenceStore(Client(), clock, NullLogger<RedisPresenceStore>.Instance);

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
        var client = Client();
        var store = new RedisPresenceStore(client, clock, NullLogger<RedisPresenceStore>.Instance);
        var far = Monday9.AddDays(1).ToUnixTimeMilliseconds();
        await client.PipelineAsync([
            new RedisCommand("ZADD", store.KeyOf(Housing), far, "not-a-guid", far, $"{Wang:N}", far, $"{Guid.NewGuid():D}:x", far, "\u0000\u00ff💥"),
            new RedisCommand("SET", store.KeyOf(Labour), "garbage"),
        ]);

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
        var store = new RedisPresenceStore(Client(server.Configuration), clock, NullLogger<RedisPresenceStore>.Instance);
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
