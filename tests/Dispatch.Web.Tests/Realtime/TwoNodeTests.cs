using Dispatch.Infrastructure.Presence;
using Dispatch.Tests.Shared;
using Dispatch.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Realtime;

/// <summary>
/// Two app hosts in this process sharing one database file, one data-protection key ring and
/// one private redis-server, as two nodes behind a load balancer would.
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
            ["DataProtection:KeysPath"] = Path.Combine(_root, "keys"),
            ["Redis:Configuration"] = _redis.Configuration,
        };
        _nodeA = DispatchWebFactory.WithRealServer(settings: shared);
        _ = _nodeA.ServerAddress;

        // SQLite keeps Quartz on one node; with PostgreSQL both nodes run it clustered (README).
        _nodeB = DispatchWebFactory.WithRealServer(settings: new Dictionary<string, string?>(shared) { ["Escalation:Enabled"] = "false" });
    }

    [Fact]
    public async Task A_whistle_blown_on_node_A_reaches_a_hub_client_on_node_B()
    {
        await using var housingOnB = await HubProbe.ConnectAsync(_nodeB.ServerAddress, "zjj01");
        await using var labourOnB = await HubProbe.ConnectAsync(_nodeB.ServerAddress, "rsj01");

        var whistleId = await DemoActions.BlowAsync(_nodeA.Services, "住建局", "two nodes");

        var notice = await housingOnB.WaitForNoticeAsync(n => n.GetProperty("whistleId").GetString() == whistleId.ToString(), TimeSpan.FromSeconds(10));
        notice.GetProperty("kind").GetString().ShouldBe("WhistleBlown");
        await Task.Delay(1000);
        labourOnB.Notices.ShouldNotContain(n => n.GetProperty("whistleId").GetString() == whistleId.ToString());

        // And back: an acknowledgement on node B is heard by a director connected to node A.
        await using var directorOnA = await HubProbe.ConnectAsync(_nodeA.ServerAddress, "director");
        (await housingOnB.InvokeAsync("Acknowledge", await DemoActions.SummonsIdAsync(_nodeA.Services, whistleId, "住建局"))).ShouldBeNull();
        await directorOnA.WaitForNoticeAsync(n => n.GetProperty("kind").GetString() == "Acknowledged" && n.GetProperty("whistleId").GetString() == whistleId.ToString(), TimeSpan.FromSeconds(10));
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
