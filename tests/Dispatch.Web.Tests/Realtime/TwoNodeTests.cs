using System.Text.Json;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Presence;
using Dispatch.Tests.Shared;
using Dispatch.Web.Realtime;
using Dispatch.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Realtime;

/// <summary>
/// Two app hosts in this process sharing one database file (with its data-protection key ring)
/// and one private redis-server, as two nodes behind a load balancer would: hub clients hear the
/// other node through the SignalR Redis backplane, pages through the notice fan-out.
/// </summary>
public sealed class TwoNodeTests : IDisposable
{
    private readonly RedisServer _redis = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"dispatch-two-nodes-{Guid.NewGuid():N}");
    private readonly DispatchWebFactory _nodeA;
    private readonly DispatchWebFactory _nodeB;

    public TwoNodeTests()
    {
        Directory.CreateDirectory(_root);
        Dictionary<string, string?> shared = new()
        {
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(_root, "dispatch.db")}",
            ["Redis:Configuration"] = _redis.Configuration,
        };
        _nodeA = DispatchWebFactory.WithRealServer(settings: shared);
        _ = _nodeA.ServerAddress;

        // SQLite keeps Hangfire on one node; with PostgreSQL both nodes run it on one job store (README).
        _nodeB = DispatchWebFactory.WithRealServer(settings: new Dictionary<string, string?>(shared) { ["Escalation:Enabled"] = "false", ["Jobs:Enabled"] = "false" });
    }

    [Fact]
    public async Task A_whistle_blown_on_node_A_reaches_a_hub_client_on_node_B()
    {
        await using var housingOnB = await HubProbe.ConnectAsync(_nodeB.ServerAddress, "zjj01");
        await using var labourOnB = await HubProbe.ConnectAsync(_nodeB.ServerAddress, "rsj01");

        var whistleId = await DemoActions.BlowAsync(_nodeA.Services, "住建局", "two nodes");

        var notice = await housingOnB.WaitForNoticeAsync(n => n.GetProperty("whistleId").GetString() == whistleId.ToString(), TimeSpan.FromSeconds(10));
        notice.GetProperty("kind").GetString().ShouldBe("WhistleBlown");

        // Absence by order, not by waiting: 人社局's own whistle, blown after, reaches it over the
        // same backplane; 住建局's, had it been sent there, would have come first.
        var own = (await DemoActions.BlowAsync(_nodeA.Services, "人社局", "two nodes, after")).ToString();
        await labourOnB.WaitForNoticeAsync(n => n.GetProperty("whistleId").GetString() == own, TimeSpan.FromSeconds(10));
        labourOnB.Notices.ShouldNotContain(n => n.GetProperty("whistleId").GetString() == whistleId.ToString());

        // And back: an acknowledgement on node B is heard by a director connected to node A.
        await using var directorOnA = await HubProbe.ConnectAsync(_nodeA.ServerAddress, "director");
        (await housingOnB.InvokeAsync("Acknowledge", await DemoActions.SummonsIdAsync(_nodeA.Services, whistleId, "住建局"))).ShouldBeNull();
        await directorOnA.WaitForNoticeAsync(n => n.GetProperty("kind").GetString() == "Acknowledged" && n.GetProperty("whistleId").GetString() == whistleId.ToString(), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_whistle_blown_on_node_A_reaches_the_pages_of_node_B_once()
    {
        var onB = new List<DispatchNotice>();
        using var listening = _nodeB.Services.GetRequiredService<LiveNotices>().Subscribe(notice =>
        {
            lock (onB)
            {
                onB.Add(notice);
            }

            return Task.CompletedTask;
        });

        var first = await DemoActions.BlowAsync(_nodeA.Services, "住建局", "pages on B, first");
        var second = await DemoActions.BlowAsync(_nodeA.Services, "人社局", "pages on B, second");

        // Notices arrive in order: once the second is on B, a doubled first would be there too.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Seen(second) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Seen(second).ShouldBeTrue("node B's pages heard node A's whistle");
        lock (onB)
        {
            onB.Count(n => n.Kind == NoticeKind.WhistleBlown && n.WhistleId == first).ShouldBe(1);
        }

        bool Seen(Guid whistleId)
        {
            lock (onB)
            {
                return onB.Any(n => n.Kind == NoticeKind.WhistleBlown && n.WhistleId == whistleId);
            }
        }
    }

    [Fact]
    public async Task Presence_is_shared_a_terminal_on_node_B_shows_on_node_A_and_going_off_duty_there_clears_it()
    {
        var housing = await DemoActions.DepartmentIdAsync(_nodeA.Services, "住建局");
        var board = _nodeA.Services.GetRequiredService<PresenceBoard>();
        (await board.ReadAsync(housing)).For(housing)!.NobodyPresent.ShouldBeTrue();

        // SignalR runs OnConnectedAsync just after the client's start() resolves: wait for it.
        await using var housingOnB = await HubProbe.ConnectAsync(_nodeB.ServerAddress, "zjj01");
        var present = await EventuallyAsync(() => board.ReadAsync(housing), b => b.For(housing)!.Present.Count == 1);
        present.Known.ShouldBeTrue();

        (await housingOnB.InvokeAsync("GoOffDuty")).ShouldBeNull();
        (await board.ReadAsync(housing)).For(housing)!.NobodyPresent.ShouldBeTrue();
        (await housingOnB.InvokeAsync("GoOffDuty")).ShouldNotBeNull().ShouldContain("未在岗");
        (await housingOnB.InvokeAsync("GoOnDuty")).ShouldBeNull();
        (await board.ReadAsync(housing)).For(housing)!.Present.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Through_a_redis_outage_whistles_go_on_presence_reads_unknown_and_everything_recovers_by_itself()
    {
        await using var housingOnB = await HubProbe.ConnectAsync(_nodeB.ServerAddress, "zjj01");
        var housing = await DemoActions.DepartmentIdAsync(_nodeA.Services, "住建局");
        var board = _nodeA.Services.GetRequiredService<PresenceBoard>();
        await EventuallyAsync(() => board.ReadAsync(housing), b => b.For(housing)!.Present.Count == 1);
        (await HealthAsync(_nodeA)).ShouldBe("Healthy");

        _redis.Stop();

        // The database carries on: a whistle is blown and stored; presence says unknown, not nobody.
        var during = await DemoActions.BlowAsync(_nodeA.Services, "住建局", "during the outage");
        var unknown = (await board.ReadAsync(housing)).For(housing)!;
        unknown.Known.ShouldBeFalse();
        unknown.NobodyPresent.ShouldBeFalse();
        (await HealthAsync(_nodeA)).ShouldBe("Degraded");
        await using (var db = await _nodeA.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync())
        {
            (await db.Whistles.SingleAsync(w => w.Id == during)).Summonses.Single().UrgeCount.ShouldBe(0, "unknown presence must not trigger the nobody-present urge");
        }

        _redis.Start();

        // Node B re-subscribes and tells its clients to refetch; presence returns with the next heartbeat round.
        await housingOnB.WaitForNoticeAsync(n => n.GetProperty("kind").GetString() == "Resync", TimeSpan.FromSeconds(20));
        // (B's command connection may still be backing off when the first round runs: the next round beats.)
        var trackerOnB = _nodeB.Services.GetRequiredService<PresenceTracker>();
        await EventuallyAsync(
            async () =>
            {
                await trackerOnB.TickAsync();
                return await board.ReadAsync(housing);
            },
            b => b.Known && b.For(housing)!.Present.Count == 1);
        var after = await DemoActions.BlowAsync(_nodeA.Services, "住建局", "after the outage");
        await housingOnB.WaitForNoticeAsync(n => n.GetProperty("whistleId").GetString() == after.ToString(), TimeSpan.FromSeconds(10));
        (await HealthAsync(_nodeA)).ShouldBe("Healthy");
    }

    private static async Task<string?> HealthAsync(DispatchWebFactory node)
    {
        using var client = node.CreateClient();
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/health", UriKind.Relative)));
        return json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "redis").GetProperty("status").GetString();
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = await read();
        }

        done(value).ShouldBeTrue($"not reached in 5 s: {value}");
        return value;
    }

    public void Dispose()
    {
        _nodeB.Dispose();
        _nodeA.Dispose();
        _redis.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing request; the OS cleans temp folders.
        }
    }
}
