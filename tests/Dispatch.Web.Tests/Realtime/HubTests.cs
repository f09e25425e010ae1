using System.Net;
using System.Text.Json;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Presence;
using Dispatch.Web.Realtime;
using Dispatch.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Realtime;

/// <summary>The hub, exercised with the official JavaScript client against the real server.</summary>
public sealed class HubTests : IDisposable
{
    private readonly DispatchWebFactory _app = DispatchWebFactory.WithRealServer();

    [Fact]
    public async Task ADepartmentClient_ReceivesItsOwnSummons_AndNotAnotherDepartments()
    {
        await using var housing = await HubProbe.ConnectAsync(_app.ServerAddress, "zjj01");
        await using var labour = await HubProbe.ConnectAsync(_app.ServerAddress, "rsj01");
        await using var wall = await HubProbe.ConnectAsync(_app.ServerAddress, "wall");

        var whistleId = await BlowAsync("住建局");

        var notice = await housing.WaitForNoticeAsync(n => n.GetProperty("whistleId").GetString() == whistleId.ToString(), TimeSpan.FromSeconds(5));
        notice.GetProperty("kind").GetString().ShouldBe("WhistleBlown");
        notice.GetProperty("text").GetString()!.ShouldContain("吹哨");
        await wall.WaitForNoticeAsync(n => n.GetProperty("whistleId").GetString() == whistleId.ToString(), TimeSpan.FromSeconds(5));

        // Absence by order, not by waiting: 人社局's own whistle, blown after, arrives; 住建局's, had it been sent there, would have come first.
        var own = (await BlowAsync("人社局")).ToString();
        await labour.WaitForNoticeAsync(n => n.GetProperty("whistleId").GetString() == own, TimeSpan.FromSeconds(5));
        labour.Notices.ShouldNotContain(n => n.GetProperty("whistleId").GetString() == whistleId.ToString());
    }

    [Fact]
    public async Task The_warm_up_walks_the_notice_path_in_the_hubs_protocols_and_reaches_nobody()
    {
        await using var housing = await HubProbe.ConnectAsync(_app.ServerAddress, "zjj01");
        await using var wall = await HubProbe.ConnectAsync(_app.ServerAddress, "wall");
        var warmUp = _app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<HubWarmUp>().Single();

        // The hub's protocols (set globally, the hub's own list is empty), not Blazor's circuit protocol.
        (await warmUp.RunAsync(CancellationToken.None)).ShouldBe(["json"]);

        // Absence by order: the whistle blown after the warm-up is the first notice either client hears.
        var whistleId = (await BlowAsync("住建局")).ToString();
        await housing.WaitForNoticeAsync(n => n.GetProperty("whistleId").GetString() == whistleId, TimeSpan.FromSeconds(5));
        await wall.WaitForNoticeAsync(n => n.GetProperty("whistleId").GetString() == whistleId, TimeSpan.FromSeconds(5));
        housing.Notices[0].GetProperty("whistleId").GetString().ShouldBe(whistleId);
        wall.Notices[0].GetProperty("whistleId").GetString().ShouldBe(whistleId);
    }

    [Fact]
    public async Task ADepartmentClient_CannotJoinAnotherDepartmentsGroup()
    {
        await using var labour = await HubProbe.ConnectAsync(_app.ServerAddress, "rsj01");
        var housingId = await DepartmentIdAsync("住建局");

        var error = await labour.InvokeAsync("JoinDepartment", housingId);
        var whistleId = await BlowAsync("住建局");
        var own = (await BlowAsync("人社局")).ToString();
        await labour.WaitForNoticeAsync(n => n.GetProperty("whistleId").GetString() == own, TimeSpan.FromSeconds(5));

        error.ShouldNotBeNull().ShouldContain("无权订阅其他部门的消息");
        labour.Notices.ShouldNotContain(n => n.GetProperty("whistleId").GetString() == whistleId.ToString());
        (await labour.InvokeAsync("JoinDepartment", await DepartmentIdAsync("人社局"))).ShouldBeNull();
    }

    [Fact]
    public async Task ADepartmentClient_AcknowledgesOverTheHub_Once()
    {
        await using var housing = await HubProbe.ConnectAsync(_app.ServerAddress, "zjj01");
        await using var director = await HubProbe.ConnectAsync(_app.ServerAddress, "director");
        var whistleId = await BlowAsync("住建局");
        var summonsId = await SummonsIdAsync(whistleId, "住建局");

        (await housing.InvokeAsync("Acknowledge", summonsId)).ShouldBeNull();
        var again = await housing.InvokeAsync("Acknowledge", summonsId);

        again.ShouldNotBeNull().ShouldContain("无需重复报到");
        var notice = await director.WaitForNoticeAsync(n => n.GetProperty("kind").GetString() == "Acknowledged" && n.GetProperty("summonsId").GetString() == summonsId.ToString(), TimeSpan.FromSeconds(5));
        notice.GetProperty("text").GetString()!.ShouldContain("已报到");
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var whistle = await db.Whistles.SingleAsync(w => w.Id == whistleId);
        whistle.SummonsFor(summonsId).State.ShouldBe(SummonsState.Acknowledged);
    }

    [Fact]
    public async Task AnotherDepartmentsSummons_IsRefused_AndUnchanged()
    {
        await using var labour = await HubProbe.ConnectAsync(_app.ServerAddress, "rsj01");
        var whistleId = await BlowAsync("住建局");
        var summonsId = await SummonsIdAsync(whistleId, "住建局");

        var error = await labour.InvokeAsync("Acknowledge", summonsId);

        error.ShouldNotBeNull().ShouldContain("您所在的部门无权处理");
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        (await db.Whistles.SingleAsync(w => w.Id == whistleId)).SummonsFor(summonsId).State.ShouldBe(SummonsState.Pending);
    }

    [Theory]
    [InlineData("wall")]
    [InlineData("director")]
    public async Task OnlyDepartmentStaff_MayAnswer(string userName)
    {
        await using var client = await HubProbe.ConnectAsync(_app.ServerAddress, userName);
        var whistleId = await BlowAsync("住建局");
        var summonsId = await SummonsIdAsync(whistleId, "住建局");

        var error = await client.InvokeAsync("Acknowledge", summonsId);

        error.ShouldNotBeNull().ShouldContain("unauthorized");
    }

    [Fact]
    public async Task AnAnonymousClient_IsRefused_WithoutARedirect()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _app.ServerAddress };

        using var response = await http.PostAsync(new Uri("/hubs/dispatch/negotiate?negotiateVersion=1", UriKind.Relative), null);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_page_told_of_a_duty_change_reads_the_board_already_changed()
    {
        // Pages re-read the presence board when they hear DutyChanged; the board must not lag the notice.
        var housing = await DepartmentIdAsync("住建局");
        var board = _app.Services.GetRequiredService<PresenceBoard>();
        await using var terminal = await HubProbe.ConnectAsync(_app.ServerAddress, "zjj01");
        var heard = new List<(string Text, int Present)>();
        using var subscription = _app.Services.GetRequiredService<LiveNotices>().Subscribe(async notice =>
        {
            if (notice.Kind == NoticeKind.DutyChanged)
            {
                var present = (await board.ReadAsync(housing)).For(housing)!.Present.Count;
                lock (heard)
                {
                    heard.Add((notice.Text, present));
                }
            }
        });

        (await terminal.InvokeAsync("GoOffDuty")).ShouldBeNull();
        (await terminal.InvokeAsync("GoOnDuty")).ShouldBeNull();

        heard.Count.ShouldBe(2);
        heard[0].Text.ShouldContain("已离岗");
        heard[0].Present.ShouldBe(0);
        heard[1].Text.ShouldContain("已上岗");
        heard[1].Present.ShouldBe(1);
    }

    [Fact]
    public async Task ATownshipsClient_HearsItsOwnAreasNotices_NotASiblingTownships()
    {
        await using var dm = await HubProbe.ConnectAsync(_app.ServerAddress, "dm-director");
        await using var county = await HubProbe.ConnectAsync(_app.ServerAddress, "director");

        var theirs = (await TownshipWhistleAsync("sj-director", "SJ", "SJC", "沙井派出所")).ToString();
        var ours = (await TownshipWhistleAsync("dm-director", "DM", "XX", "大满派出所")).ToString();

        // The county hears both; 大满镇 hears its own. The sibling's notice went out first: had it
        // been sent to 大满镇's group, it would have arrived before 大满镇's own.
        await county.WaitForNoticeAsync(n => n.GetProperty("whistleId").GetString() == theirs, TimeSpan.FromSeconds(5));
        await county.WaitForNoticeAsync(n => n.GetProperty("whistleId").GetString() == ours, TimeSpan.FromSeconds(5));
        await dm.WaitForNoticeAsync(n => n.GetProperty("whistleId").GetString() == ours, TimeSpan.FromSeconds(5));
        dm.Notices.ShouldNotContain(n => n.GetProperty("whistleId").GetString() == theirs);
    }

    /// <summary>A township director files a case in one of its villages and summons one of its 站所.</summary>
    private async Task<Guid> TownshipWhistleAsync(string director, string township, string village, string office)
    {
        var user = await DemoActions.OperatorAsync(_app.Services, director);
        var form = new Infrastructure.Cases.IntakeForm(Domain.Cases.Channel.WalkIn, Domain.Cases.CaseCategory.Neighbourhood, "邻里纠纷", "双方到中心反映。",
            [new Infrastructure.Cases.PartyForm("李明", "13909365678", null)], township, village, "村委会");
        var registered = await _app.Services.GetRequiredService<Infrastructure.Cases.CaseIntakeCommands>().RegisterAsync(user, form, []);
        return await _app.Services.GetRequiredService<Infrastructure.Whistles.WhistleCommands>()
            .BlowAsync(user, registered.Id, [await DepartmentIdAsync(office)], ResponsePolicy.Normal, null);
    }

    private Task<Guid> BlowAsync(string department) => DemoActions.BlowAsync(_app.Services, department, "hub test");

    private Task<Guid> DepartmentIdAsync(string shortName) => DemoActions.DepartmentIdAsync(_app.Services, shortName);

    private Task<Guid> SummonsIdAsync(Guid whistleId, string department) => DemoActions.SummonsIdAsync(_app.Services, whistleId, department);

    public void Dispose() => _app.Dispose();
}
