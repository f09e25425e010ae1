using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Presence;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.Tests.Persistence;
using Dispatch.Infrastructure.Whistles;
using Dispatch.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Dispatch.Infrastructure.Tests.Persistence.Scenario;

namespace Dispatch.Infrastructure.Tests.Presence;

[Collection(RedisCollection.Name)]
public sealed class DutyTests(RedisServer redis)
{
    private static readonly Operator Director = new(Guid.NewGuid(), "张主任", StaffRole.Director, null);

    private sealed record World(TestDatabase Database, Scenario Scenario, FakeClock Clock, Staff Wang, Staff Zhao, Staff Liu) : IAsyncDisposable
    {
        public T Get<T>() where T : notnull => Database.Services.GetRequiredService<T>();

        public static Operator As(Staff staff) => new(staff.Id, staff.DisplayName, staff.Role, staff.DepartmentId);

        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }

    private static async Task<World> SetUpAsync(string? redisConfiguration = null)
    {
        var clock = new FakeClock(Monday9.AddMinutes(3));
        var database = await TestDatabase.Sqlite(clock, redisConfiguration is null ? null : new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redisConfiguration,
            ["Redis:Prefix"] = $"t{Guid.NewGuid():N}:",
        }).MigrateAsync();
        var scenario = await CreateAsync(database);
        var wang = Staff.Create(Guid.NewGuid(), "zjj01", "王建军", StaffRole.DepartmentStaff, scenario.County.Id, scenario.Housing.Id);
        var zhao = Staff.Create(Guid.NewGuid(), "zjj02", "赵丽", StaffRole.DepartmentStaff, scenario.County.Id, scenario.Housing.Id);
        var liu = Staff.Create(Guid.NewGuid(), "rsj01", "刘洋", StaffRole.DepartmentStaff, scenario.County.Id, scenario.Labour.Id);
        await database.UnitOfWork.ExecuteAsync(db =>
        {
            db.Staff.AddRange(wang, zhao, liu);
            return Task.CompletedTask;
        });
        return new World(database, scenario, clock, wang, zhao, liu);
    }

    private static async Task<DepartmentDuty> HousingAsync(World world) =>
        (await world.Get<PresenceBoard>().ReadAsync()).For(world.Scenario.Housing.Id)!;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task On_duty_with_a_live_terminal_is_present_and_going_off_duty_leaves_at_once(bool inRedis)
    {
        await using var world = await SetUpAsync(inRedis ? redis.Configuration : null);
        var tracker = world.Get<PresenceTracker>();
        var duty = world.Get<DutyCommands>();
        await tracker.OpenAsync("circuit-1", world.Wang.Id, world.Scenario.Housing.Id);

        (await HousingAsync(world)).NobodyPresent.ShouldBeTrue("a terminal open but not on duty is not present");

        await duty.GoOnDutyAsync(World.As(world.Wang));
        await tracker.RefreshAsync([world.Wang.Id]);
        (await HousingAsync(world)).Present.Select(p => p.Name).ShouldBe(["王建军"]);

        await duty.GoOffDutyAsync(World.As(world.Wang));
        await tracker.RefreshAsync([world.Wang.Id]);
        (await HousingAsync(world)).NobodyPresent.ShouldBeTrue();
        await using var db = world.Database.CreateContext();
        (await db.DutyShifts.SingleAsync()).EndedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_terminal_that_loses_its_connection_is_gone_45_seconds_after_its_last_beat_and_back_on_reconnect()
    {
        await using var world = await SetUpAsync();
        var tracker = world.Get<PresenceTracker>();
        await world.Get<DutyCommands>().GoOnDutyAsync(World.As(world.Wang));
        await tracker.OpenAsync("circuit-1", world.Wang.Id, world.Scenario.Housing.Id);

        await tracker.SetConnectedAsync("circuit-1", connected: false);
        world.Clock.Advance(TimeSpan.FromSeconds(30));
        await tracker.TickAsync();
        (await HousingAsync(world)).Present.Count.ShouldBe(1);
        world.Clock.Advance(TimeSpan.FromSeconds(15));
        await tracker.TickAsync();
        var gone = await HousingAsync(world);
        gone.NobodyPresent.ShouldBeTrue();
        gone.OnDutyOffline.Select(p => p.Name).ShouldBe(["王建军"]);

        await tracker.SetConnectedAsync("circuit-1", connected: true);
        (await HousingAsync(world)).Present.Count.ShouldBe(1);
        await tracker.CloseAsync("circuit-1");
        (await HousingAsync(world)).NobodyPresent.ShouldBeTrue("a closed terminal leaves at once");
    }

    [Fact]
    public async Task The_roster_says_who_is_absent_and_only_the_center_may_set_it()
    {
        await using var world = await SetUpAsync();
        var duty = world.Get<DutyCommands>();
        var today = world.Get<PresenceBoard>().Today;
        await duty.SetRosterAsync(Director, world.Scenario.Housing.Id, today, [world.Wang.Id, world.Zhao.Id]);
        await duty.GoOnDutyAsync(World.As(world.Zhao));
        await world.Get<PresenceTracker>().OpenAsync("hub-1", world.Zhao.Id, world.Scenario.Housing.Id);

        var housing = await HousingAsync(world);
        housing.Scheduled.Select(p => p.Name).ShouldBe(["王建军", "赵丽"], ignoreOrder: true);
        housing.AbsentAgainstRoster.Select(p => p.Name).ShouldBe(["王建军"]);

        await duty.SetRosterAsync(Director, world.Scenario.Housing.Id, today, [world.Zhao.Id]);
        (await HousingAsync(world)).AbsentAgainstRoster.ShouldBeEmpty();
        await Should.ThrowAsync<AccessDeniedException>(() => duty.SetRosterAsync(World.As(world.Wang), world.Scenario.Housing.Id, today, [world.Wang.Id]));
        await Should.ThrowAsync<DomainException>(() => duty.SetRosterAsync(Director, world.Scenario.Housing.Id, today, [world.Liu.Id]));
        await Should.ThrowAsync<AccessDeniedException>(() => duty.GoOnDutyAsync(Director));
    }

    [Fact]
    public async Task Blowing_on_a_department_with_nobody_present_urges_its_head_at_once()
    {
        await using var world = await SetUpAsync();
        var commands = world.Get<WhistleCommands>();
        await world.Get<DutyCommands>().GoOnDutyAsync(World.As(world.Liu));
        await world.Get<PresenceTracker>().OpenAsync("hub-1", world.Liu.Id, world.Scenario.Labour.Id);
        await commands.CloseAsync(Director, world.Scenario.WhistleId, WhistleOutcome.JointMediation, null);

        var id = await commands.BlowAsync(Director, world.Scenario.CaseId, [world.Scenario.Housing.Id, world.Scenario.Labour.Id], ResponsePolicy.Urgent, null);

        await using var db = world.Database.CreateContext();
        var (@case, whistle) = await LoadAsync(db, world.Scenario.CaseId, id);
        whistle.CurrentSummonsOf(world.Scenario.Housing.Id)!.UrgeCount.ShouldBe(1);
        whistle.CurrentSummonsOf(world.Scenario.Labour.Id)!.UrgeCount.ShouldBe(0);
        @case.Timeline.Select(t => t.Note).ShouldContain("吹哨时住建局无人在岗");
    }

    [Fact]
    public async Task When_presence_is_unknown_nobody_is_assumed_absent_and_whistles_still_work()
    {
        await using var world = await SetUpAsync($"127.0.0.1:{FreePort.Next()},connectTimeout=500,connectRetry=1");
        var commands = world.Get<WhistleCommands>();
        await commands.CloseAsync(Director, world.Scenario.WhistleId, WhistleOutcome.JointMediation, null);

        var board = await world.Get<PresenceBoard>().ReadAsync();
        var id = await commands.BlowAsync(Director, world.Scenario.CaseId, [world.Scenario.Housing.Id], ResponsePolicy.Urgent, null);

        board.Known.ShouldBeFalse();
        board.Departments.ShouldAllBe(d => !d.NobodyPresent);
        await using var db = world.Database.CreateContext();
        (await LoadAsync(db, world.Scenario.CaseId, id)).Whistle.Summonses.Single().UrgeCount.ShouldBe(0);
    }

    [Fact]
    public async Task Through_a_redis_outage_the_board_reads_unknown_then_heals_on_the_next_heartbeat()
    {
        using var server = new RedisServer();
        await using var world = await SetUpAsync(server.Configuration);
        var tracker = world.Get<PresenceTracker>();
        await world.Get<DutyCommands>().GoOnDutyAsync(World.As(world.Wang));
        await tracker.OpenAsync("circuit-1", world.Wang.Id, world.Scenario.Housing.Id);
        (await HousingAsync(world)).Present.Count.ShouldBe(1);

        server.Stop();
        (await HousingAsync(world)).Known.ShouldBeFalse();
        await tracker.TickAsync();
        server.Start();

        // Redis came back empty; the next heartbeat round puts the terminal back.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        DepartmentDuty housing;
        do
        {
            await Task.Delay(100);
            await tracker.TickAsync();
            housing = await HousingAsync(world);
        }
        while (housing.Present.Count == 0 && DateTime.UtcNow < deadline);

        housing.Known.ShouldBeTrue();
        housing.Present.Select(p => p.Name).ShouldBe(["王建军"]);
    }
}
