using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Reports;
using Dispatch.Infrastructure.Whistles;
using Dispatch.Tests.Shared;
using Dispatch.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Security;

/// <summary>
/// 三级综治中心 beyond the township director: the townships' 站所 and whistle policy, village
/// mediators held to their own village, grid workers' reports, a case handed up and followed
/// read-only (「已上交」), risk warnings and the county's bulletin — each refusal on the server.
/// Every test files its own cases, so the shared demo data is only read.
/// </summary>
[Collection(WebAppCollection.Name)]
public class ThreeLevelTests(DispatchWebFactory factory)
{
    private T Get<T>() where T : notnull => factory.Services.GetRequiredService<T>();

    private Task<Operator> As(string userName) => DemoActions.OperatorAsync(factory.Services, userName);

    private static IntakeForm WalkIn(string township, string village, string title) =>
        new(Channel.WalkIn, CaseCategory.Neighbourhood, title, $"{title}，双方到中心反映。", [new PartyForm("王建华", "13909361234", null)], township, village, "村道东侧");

    private async Task<Guid> RegisterAsync(string userName, string township, string village, string title) =>
        (await Get<CaseIntakeCommands>().RegisterAsync(await As(userName), WalkIn(township, village, title), [])).Id;

    private async Task<Case> CaseAsync(Guid id)
    {
        await using var db = await Get<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        return await db.Cases.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    [Fact]
    public async Task ATownshipWhistle_SummonsItsOwnOffices_AndTheCountysOnlyWhenItsPolicyAllows()
    {
        var whistles = Get<WhistleCommands>();
        var dm = await As("dm-director");
        var police = await DemoActions.DepartmentIdAsync(factory.Services, "大满派出所");
        var labour = await DemoActions.DepartmentIdAsync(factory.Services, "人社局");
        var siblingPolice = await DemoActions.DepartmentIdAsync(factory.Services, "沙井派出所");

        var ours = await RegisterAsync("dm-director", "DM", "XX", "排水沟堵塞引发争执");
        (await Should.ThrowAsync<AccessDeniedException>(() => whistles.BlowAsync(dm, ours, [siblingPolice], ResponsePolicy.Normal, null)))
            .Message.ShouldBe("「沙井派出所」不属于大满镇综治中心，不能召集。");
        var whistleId = await whistles.BlowAsync(dm, ours, [police, labour], ResponsePolicy.Urgent, "请派出所和人社局到场");

        // Both terminals answer; the county's console shows the township's whistle.
        var officer = await As("dm-pcs");
        var labourStaff = await As("rsj01");
        var summonses = await Get<DispatchQueries>().WhistlesOfCaseAsync(ours, CancellationToken.None);
        foreach (var summons in summonses.Single().Summonses)
        {
            await whistles.AcknowledgeAsync(summons.DepartmentName == "大满派出所" ? officer : labourStaff, summons.Id);
        }

        var county = await Get<DispatchQueries>().ConsoleAsync(CancellationToken.None);
        county.RunningWhistles.ShouldContain(w => w.Id == whistleId && w.Summonses.All(s => s.State == SummonsState.Acknowledged));

        // 梁家墩镇's policy keeps its whistle to its own 站所.
        var ljd = await As("ljd-director");
        var theirs = await RegisterAsync("ljd-director", "LJD", "TP", "宅基地界址争议");
        (await Should.ThrowAsync<AccessDeniedException>(() => whistles.BlowAsync(ljd, theirs, [labour], ResponsePolicy.Normal, null)))
            .Message.ShouldStartWith("梁家墩镇综治中心的吹哨政策不含召集上级部门");
        await whistles.BlowAsync(ljd, theirs, [await DemoActions.DepartmentIdAsync(factory.Services, "梁家墩派出所")], ResponsePolicy.Normal, null);

        // The whistle dialog offers what the policy allows: own 站所 first, then the county's departments.
        var offered = await Get<DispatchQueries>().DepartmentsAsync(await Get<Infrastructure.Security.CenterScopes>().OfAsync(dm, CancellationToken.None), CancellationToken.None);
        offered.Take(6).ShouldAllBe(d => d.ShortName.StartsWith("大满", StringComparison.Ordinal));
        offered.ShouldContain(d => d.ShortName == "人社局");
        offered.ShouldNotContain(d => d.ShortName.StartsWith("沙井", StringComparison.Ordinal));
        var ljdOffered = await Get<DispatchQueries>().DepartmentsAsync(await Get<Infrastructure.Security.CenterScopes>().OfAsync(ljd, CancellationToken.None), CancellationToken.None);
        ljdOffered.Select(d => d.ShortName).ShouldBe(["梁家墩派出所", "梁家墩司法所", "梁家墩自然资源所", "梁家墩市场监管所", "梁家墩综合执法队", "梁家墩供电所"], ignoreOrder: true);
    }

    [Fact]
    public async Task AVillageMediator_WorksOnlyItsOwnVillage_AndAFailedThirdAttemptHandsTheCaseUp()
    {
        var cases = Get<CaseCommands>();
        var xx = await As("xx-mediator");
        var neighbour = await As("dmc-mediator");
        var id = await RegisterAsync("xx-mediator", "DM", "XX", "邻里通道纠纷");
        (await CaseAsync(id)).CenterLevel.ShouldBe(CenterLevel.Village);

        (await Should.ThrowAsync<AccessDeniedException>(() => cases.AssessAsync(neighbour, id, RiskLevel.Low, null))).Message.ShouldContain("不归大满村综治中心办理");
        var police = await DemoActions.DepartmentIdAsync(factory.Services, "大满派出所");
        (await Should.ThrowAsync<AccessDeniedException>(() => Get<WhistleCommands>().BlowAsync(xx, id, [police], ResponsePolicy.Normal, null)))
            .Message.ShouldContain("调解员不能发起或指挥吹哨");

        await cases.RouteAsync(xx, id, null, null);
        await cases.AssessAsync(xx, id, RiskLevel.Low, "村级研判");
        await cases.StartHandlingAsync(xx, id, null, 5, "村调委会调解");
        (await cases.RecordMediationAsync(xx, id, false, "第一次调解，双方各执一词")).ShouldBeFalse();
        (await cases.RecordMediationAsync(xx, id, false, "第二次调解，未达成一致")).ShouldBeFalse();
        (await cases.RecordMediationAsync(xx, id, false, "第三次调解，一方拒绝")).ShouldBeTrue();

        var raised = await CaseAsync(id);
        raised.CenterLevel.ShouldBe(CenterLevel.Township);
        raised.RaisedFromCenterId.ShouldBe((await As("xx-mediator")).CenterId);

        // Handed up: the village may no longer act on it, but follows it read-only.
        (await Should.ThrowAsync<AccessDeniedException>(() => cases.RecordMediationAsync(xx, id, true, "又调解了一次"))).Message.ShouldContain("不归新新村综治中心办理");
        using var session = new WebSession(factory);
        await session.SignInAsync("xx-mediator");
        var page = await session.GetDocumentAsync($"/cases/{id}");
        page.QuerySelector("#handed-up")!.TextContent.ShouldContain("本案已上交大满镇综治中心办理");
        page.QuerySelector("#case-actions").ShouldBeNull();

        // The township takes it on; the neighbouring village never sees it.
        (await cases.RecordMediationAsync(await As("dm-director"), id, false, "镇级第一次调解")).ShouldBeFalse();
        using var other = new WebSession(factory);
        await other.SignInAsync("dmc-mediator");
        (await other.GetDocumentAsync($"/cases/{id}")).QuerySelector(".notice h2")!.TextContent.ShouldBe("找不到该案件");
    }

    [Fact]
    public async Task A_case_routed_up_is_heard_where_it_is_saved_as_reading_it_back_would_say()
    {
        var heard = new System.Collections.Concurrent.ConcurrentQueue<DispatchNotice>();
        using var listening = Get<LiveNotices>().Subscribe(notice =>
        {
            heard.Enqueue(notice);
            return Task.CompletedTask;
        });
        var village = (await As("xx-mediator")).CenterId!.Value;
        var township = (await As("dm-director")).CenterId!.Value;
        var county = (await As("director")).CenterId!.Value;
        var id = await RegisterAsync("xx-mediator", "DM", "XX", "宅基地边界纠纷");

        // The step is raised before the case moves; its notice starts from where the case is saved.
        await Get<CaseCommands>().RouteAsync(await As("xx-mediator"), id, township, null);

        var routed = heard.Last(n => n.CaseId == id && n.Kind == NoticeKind.CaseChanged);
        routed.StartCenterIds.ShouldBe([township, village]);
        routed.CenterIds.ShouldBe([township, county, village], ignoreOrder: true);
        var readBack = await Get<NoticeAudience>().AddressAsync(routed with { StartCenterIds = [], CenterIds = [] }, CancellationToken.None);
        readBack.CenterIds.ShouldBe(routed.CenterIds, ignoreOrder: true);
    }

    [Fact]
    public async Task AGridWorkersReport_LandsAtTheirVillage_WithoutAKnownParty_AndTheyFollowIt()
    {
        var intake = Get<CaseIntakeCommands>();
        var grid = await As("xx-grid");
        var photo = new NewAttachment("现场.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);

        var problems = await Should.ThrowAsync<IntakeValidationException>(() => intake.ReportFromFieldAsync(grid, new FieldReport(CaseCategory.Neighbourhood, "村道堆放杂物", null, null, null, null, null, null), []));
        problems.Errors["address"].ShouldBe(["请点「获取当前位置」，或手工填写事发地点。"]);
        problems.Errors.Keys.ShouldNotContain("parties");

        var registered = await intake.ReportFromFieldAsync(grid, new FieldReport(CaseCategory.Neighbourhood, "村道堆放杂物影响通行", null, null, 38.8851, 100.3720, null, null), [photo]);
        var @case = await CaseAsync(registered.Id);
        @case.Channel.ShouldBe(Channel.GridReport);
        @case.CenterId.ShouldBe(grid.CenterId!.Value);
        @case.VillageId.ShouldBe(grid.CenterId);
        @case.Parties.ShouldBeEmpty();
        @case.Latitude.ShouldBe(38.8851);
        registered.Code.ShouldStartWith("XX-");
        (await Get<DispatchQueries>().AttachmentsAsync(registered.Id, CancellationToken.None)).ShouldHaveSingleItem().FileName.ShouldBe("现场.jpg");

        var mine = await Get<DispatchQueries>().FieldReportsAsync(grid.StaffId, grid.CenterId!.Value, 30, CancellationToken.None);
        mine[0].Code.ShouldBe(registered.Code);
        mine[0].HeldBy.ShouldBe("新新村综治中心");
        var neighbours = await As("dmc-grid");
        (await Get<DispatchQueries>().FieldReportsAsync(neighbours.StaffId, neighbours.CenterId!.Value, 30, CancellationToken.None)).ShouldNotContain(r => r.Id == registered.Id);

        // A grid worker reports from the field; the window's intake and the case pages are not theirs.
        (await Should.ThrowAsync<AccessDeniedException>(() => intake.RegisterAsync(grid, WalkIn("DM", "XX", "窗口登记"), []))).Message.ShouldContain("网格员不能办理案件流转");
        var mediator = await As("xx-mediator");
        (await Should.ThrowAsync<AccessDeniedException>(() => intake.ReportFromFieldAsync(mediator, new FieldReport(CaseCategory.Neighbourhood, "调解员上报", null, "村委会", null, null, null, null), [])))
            .Message.ShouldBe("只有网格员可以从手机上报事件。");
        using var session = new WebSession(factory);
        await session.SignInAsync("xx-grid");
        var phone = await session.GetDocumentAsync("/grid");
        phone.QuerySelector("#grid-report h1")!.TextContent.ShouldBe("上报事件");
        phone.QuerySelectorAll("#grid-mine .field-report").Select(r => r.GetAttribute("data-code")).ShouldContain(registered.Code);
        using var casePage = await session.Client.GetAsync($"/cases/{registered.Id}");
        casePage.StatusCode.ShouldBe(System.Net.HttpStatusCode.Found);
        casePage.Headers.Location!.ToString().ShouldContain("/account/denied");
    }

    [Fact]
    public async Task RiskWarningsBeyondATownship_AndTheCountysBulletin_AreRefusedToIt()
    {
        var dm = await As("dm-director");
        var risks = Get<RiskService>();
        await risks.EvaluateAsync(CancellationToken.None);
        var open = await Get<RiskQueries>().OpenAsync(null, 200, CancellationToken.None);
        await using var db = await Get<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var scope = (await Get<Infrastructure.Security.CenterScopes>().OfAsync(dm, CancellationToken.None))!;
        var beyond = open.First(v => v.Cases.Any(c => !scope.Covers(c.CenterId)));

        (await Should.ThrowAsync<AccessDeniedException>(() => risks.DismissAsync(dm, beyond.Warning.Id, "已掌握情况，不发函")))
            .Message.ShouldBe("该风险预警涉及大满镇综治中心辖区以外的案件，由上级中心研判处置。");
        var police = await DemoActions.DepartmentIdAsync(factory.Services, "大满派出所");
        (await Should.ThrowAsync<AccessDeniedException>(() => risks.IssueLetterAsync(dm, beyond.Warning.Id, police, "请加强排查。")))
            .Message.ShouldContain("辖区以外的案件");
        (await db.RiskWarnings.AsNoTracking().SingleAsync(w => w.Id == beyond.Warning.Id)).Status.ShouldBe(Domain.Risk.RiskWarningStatus.Open);

        (await Should.ThrowAsync<AccessDeniedException>(() => Get<BulletinService>().PublishNowAsync(dm, CancellationToken.None)))
            .Message.ShouldBe("每日信访通报由区（县）综治中心发布，大满镇综治中心无权操作。");
        using var session = new WebSession(factory);
        await session.SignInAsync("dm-director");
        using var bulletins = await session.Client.GetAsync("/bulletins");
        bulletins.StatusCode.ShouldBe(System.Net.HttpStatusCode.Found);
        bulletins.Headers.Location!.ToString().ShouldContain("/account/denied");
    }
    [Fact]
    public async Task ARiskWarning_IsHeardByTheCentersOfItsCasesPlaces_NotBySiblings()
    {
        var first = await RegisterAsync("dm-director", "DM", "XX", "灌溉水渠纠纷");
        var second = await RegisterAsync("dm-director", "DM", "XX", "灌溉水渠再起纠纷");
        await using var db = await Get<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var centers = await db.Centers.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Id);
        var rule = await db.RiskRules.AsNoTracking().FirstAsync();
        var now = DispatchWebFactory.Clock.GetUtcNow();
        var signal = new Domain.Risk.RiskSignal(rule.Id, $"audience-{Guid.NewGuid():N}", CaseCategory.Neighbourhood, centers["XX"], 2, null,
            new Domain.Kpis.Period(now.AddDays(-7), now), [first, second]);
        var warning = Domain.Risk.RiskWarning.Raise(Guid.CreateVersion7(), signal, rule, "新新村", now);
        db.RiskWarnings.Add(warning);
        await db.SaveChangesAsync();

        var audience = Get<Dispatch.Web.Realtime.NoticeAudience>();
        var raised = await audience.AddressAsync(Dispatch.Web.Realtime.DispatchNotice.From(new Domain.Risk.RiskWarningRaised(warning.Id, warning.Summary, now))!, CancellationToken.None);
        raised.CenterIds.ShouldBe([centers["XX"], centers["DM"], centers["GZ"]], ignoreOrder: true);

        // A letter to a county department is heard by that department's center as well (the county, already in the chain), never by 沙井镇.
        var letter = await audience.AddressAsync(Dispatch.Web.Realtime.DispatchNotice.From(
            new Domain.Risk.WarningLetterIssued(warning.Id, await DemoActions.DepartmentIdAsync(factory.Services, "司法局"), "甘综治警〔2026〕99号", now))!, CancellationToken.None);
        letter.CenterIds.ShouldBe([centers["XX"], centers["DM"], centers["GZ"]], ignoreOrder: true);
        letter.CenterIds.ShouldNotContain(centers["SJ"]);
    }
}
