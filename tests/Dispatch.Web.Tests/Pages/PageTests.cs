using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Queries;
using Dispatch.Tests.Shared;
using Dispatch.Web.Walls;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Pages;

/// <summary>What the server renders for each role, checked against the database.</summary>
[Collection(WebAppCollection.Name)]
public class PageTests(DispatchWebFactory factory)
{
    private DispatchQueries Queries => factory.Services.GetRequiredService<DispatchQueries>();

    [Fact]
    public async Task Console_ShowsTheRunningWhistlesAndKpisFromTheDatabase()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("director");
        var overview = await Queries.ConsoleAsync(CancellationToken.None);
        var before = DispatchWebFactory.Clock.GetUtcNow();

        var page = await session.GetDocumentAsync("/console");
        var after = DispatchWebFactory.Clock.GetUtcNow();

        page.QuerySelector("h1")!.TextContent.ShouldBe("指挥台");
        page.QuerySelector("#open-case-count")!.TextContent.ShouldBe(overview.OpenCaseCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        overview.RunningWhistles.Count.ShouldBeGreaterThan(0);
        var codes = page.QuerySelectorAll("table.whistles td.code").Select(td => td.TextContent.Trim()).ToList();
        codes.ShouldBe(overview.RunningWhistles.Select(w => w.CaseCode), ignoreOrder: true);

        // Most urgent first: a whistle that needed the director before the page was drawn comes
        // before every whistle that still did not need him after it was drawn.
        HashSet<string> Needing(DateTimeOffset at) =>
            [.. overview.RunningWhistles.Where(w => w.Summonses.Any(s => s.UrgencyAt(at).NeedsAttention())).Select(w => w.CaseCode)];
        var (early, late) = (Needing(before), Needing(after));
        early.Count.ShouldBeGreaterThan(0);
        var lastNeeding = codes.FindLastIndex(early.Contains);
        var firstCalm = codes.FindIndex(c => !late.Contains(c));
        (firstCalm == -1 || lastNeeding < firstCalm).ShouldBeTrue($"order: {string.Join(", ", codes)}");
        page.QuerySelector("#inbox")!.GetAttribute("data-count").ShouldNotBe("0");
        page.QuerySelector("[data-kpi=on-site] .kpi-value")!.TextContent.ShouldBe(Format.Percent(overview.Kpis.OnSiteResolution));
        page.QuerySelector("[data-kpi=satisfaction] .kpi-parts")!.TextContent.ShouldBe(Format.Parts(overview.Kpis.Satisfaction));
    }

    [Fact]
    public async Task DutyPage_ShowsTodaysRosterFromTheDatabase_AndOnlyTheCenterMayEditIt()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("director");
        var presence = factory.Services.GetRequiredService<Infrastructure.Presence.PresenceBoard>();
        var roster = await presence.RosterAsync(presence.Today);

        var page = await session.GetDocumentAsync("/duty");

        page.QuerySelector("h1")!.TextContent.ShouldBe("值班在岗");
        var rows = page.QuerySelectorAll("table.roster tbody tr");
        rows.Select(r => r.GetAttribute("data-roster-department")).ShouldBe(roster.Select(d => d.DepartmentName));
        rows.Sum(r => r.QuerySelectorAll(".department-pick.picked").Length).ShouldBe(roster.Sum(d => d.Scheduled.Count));
        rows.Sum(r => r.QuerySelectorAll(".department-pick.picked").Length).ShouldBeGreaterThan(roster.Count);
        page.QuerySelectorAll(".department-pick[disabled]").ShouldBeEmpty();

        using var leader = new WebSession(factory);
        await leader.SignInAsync("leader");
        var readOnly = await leader.GetDocumentAsync("/duty");
        readOnly.QuerySelectorAll("table.roster .department-pick:not([disabled])").ShouldBeEmpty();
        readOnly.Body!.TextContent.ShouldContain("值班表由中心主任、调度员或系统管理员编排");

        using var staff = new WebSession(factory);
        await staff.SignInAsync("zjj01");
        using var refused = await staff.Client.GetAsync(new Uri("/duty", UriKind.Relative));
        refused.Headers.Location!.ToString().ShouldContain("/account/denied");
    }

    [Fact]
    public async Task Terminal_ShowsOnlyItsOwnDepartmentsSummonses()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("zjj01");

        var page = await session.GetDocumentAsync("/terminal");

        page.QuerySelector("h1")!.TextContent.ShouldBe("部门终端 · 住建局");
        var departments = page.QuerySelectorAll(".summons-dept").Select(e => e.TextContent).ToList();
        departments.ShouldNotBeEmpty();
        departments.ShouldAllBe(d => d == "住建局");
        var running = await Queries.RunningWhistlesAsync(null, CancellationToken.None);
        var othersOnly = running.Where(w => w.Summonses.All(s => s.DepartmentName != "住建局")).Select(w => w.CaseCode).ToList();
        var shown = page.QuerySelectorAll(".summons-card .code").Select(e => e.TextContent).ToList();
        shown.ShouldNotContain(code => othersOnly.Contains(code));
    }

    [Fact]
    public async Task Terminal_ListsTheCasesHandedToItsOwnDepartment_WithTheStoryAndTheDeadline()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("zjj01");
        var housingId = await DemoActions.DepartmentIdAsync(factory.Services, "住建局");
        var labourId = await DemoActions.DepartmentIdAsync(factory.Services, "人社局");
        await DemoActions.HandCaseToAsync(factory.Services, "住建局");
        await DemoActions.HandCaseToAsync(factory.Services, "人社局");
        var ours = await Queries.HandlingByDepartmentAsync(housingId, CancellationToken.None);
        var theirs = await Queries.HandlingByDepartmentAsync(labourId, CancellationToken.None);
        ours.ShouldNotBeEmpty();
        theirs.ShouldNotBeEmpty();

        var page = await session.GetDocumentAsync("/terminal");

        var cards = page.QuerySelectorAll("#assigned-cases [data-case]");
        cards.Select(c => c.GetAttribute("data-case")).ShouldBe(ours.Select(c => c.Code));
        var first = cards[0];
        first.QuerySelector(".case-story")!.TextContent.ShouldBe(ours[0].Description);
        first.QuerySelector(".case-parties")!.TextContent.ShouldContain(ours[0].Parties[0].Phone!);
        first.QuerySelector(".deadline")!.TextContent.ShouldContain("办结时限 " + Format.Time(ours[0].DueAt!.Value));
        page.Body!.TextContent.ShouldNotContain(theirs[0].Code);
    }

    [Fact]
    public async Task CaseDetail_ShowsTheTimelineInOrder()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("director");
        var row = (await Queries.CasesAsync(new CaseQuery(Status: Dispatch.Domain.Cases.CaseStatus.Closed, Take: 1), CancellationToken.None)).Rows.Single();
        var stored = await Queries.CaseAsync(row.Id, CancellationToken.None);

        var page = await session.GetDocumentAsync($"/cases/{row.Id}");

        page.QuerySelector("h1")!.TextContent.ShouldBe(row.Code);
        page.QuerySelectorAll(".timeline-action").Select(e => e.TextContent)
            .ShouldBe(stored!.Timeline.OrderBy(t => t.Sequence).Select(t => t.Action));
        page.QuerySelectorAll(".timeline-action")[^1].TextContent.ShouldBe("结案");
    }

    [Fact]
    public async Task UnknownCase_SaysSo()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("director");

        var page = await session.GetDocumentAsync($"/cases/{Guid.NewGuid()}");

        page.QuerySelector(".notice h2")!.TextContent.ShouldBe("找不到该案件");
    }

    [Fact]
    public async Task Wall_IsReadOnly_AndShowsTheSameNumbers()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("wall");
        var overview = await Queries.ConsoleAsync(CancellationToken.None);
        var walls = factory.Services.GetRequiredService<WallQueries>();
        var county = (await walls.ScopeAsync("GZ", CancellationToken.None))!;

        var page = await session.GetDocumentAsync("/wall/county-3x2");

        page.QuerySelector(".wall-stage[data-ready=true]").ShouldNotBeNull();
        page.QuerySelector("[data-running]")!.TextContent.ShouldBe(overview.RunningWhistles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        page.QuerySelectorAll(".feed-item").Length.ShouldBe(Math.Min(4, overview.RunningWhistles.Count));
        var satisfaction = await walls.KpisAsync(county, WallData.PeriodOf(WallPeriod.Month, DispatchWebFactory.Clock.GetUtcNow()), CancellationToken.None);
        page.QuerySelector(".kpi[data-kpi=satisfaction] [data-kpi-value]")!.TextContent.ShouldBe(Format.Percent(satisfaction.Satisfaction));
        page.QuerySelectorAll("[data-tile]").Length.ShouldBe(14);
        page.QuerySelectorAll("button, form, input, textarea, select").ShouldBeEmpty();
        overview.RunningWhistles.SelectMany(w => w.Summonses).ShouldContain(s => s.State == SummonsState.Pending);
    }

    [Fact]
    public async Task WallIndex_ListsTheShippedWalls()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("wall");

        var page = await session.GetDocumentAsync("/wall");

        page.QuerySelectorAll("[data-wall-link]").Select(e => e.GetAttribute("data-wall-link")).ShouldBe(["county-3x2", "township-1x1"]);
        page.QuerySelectorAll(".wall-index .bad").ShouldBeEmpty();
    }
}
