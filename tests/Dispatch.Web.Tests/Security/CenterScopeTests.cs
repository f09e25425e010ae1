using System.Net;
using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Whistles;
using Dispatch.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Security;

/// <summary>
/// 三级综治中心: a township director works the cases of the township and its villages, never a
/// sibling township's — refused on the server for every use case, and not shown (not even
/// confirmed to exist) on the pages and downloads.
/// </summary>
[Collection(WebAppCollection.Name)]
public class CenterScopeTests(DispatchWebFactory factory)
{
    /// <summary>A case of 大满镇's area and one of 沙井镇's, by the center responsible for it now.</summary>
    private async Task<(Case Ours, Case Theirs)> CasesAsync()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var centers = await db.Centers.AsNoTracking().ToListAsync();
        Guid[] AreaOf(string code)
        {
            var township = centers.Single(c => c.Code == code);
            return [township.Id, .. centers.Where(c => c.ParentId == township.Id).Select(c => c.Id)];
        }

        var dm = AreaOf("DM");
        var sj = AreaOf("SJ");
        var ours = await db.Cases.AsNoTracking().Where(c => dm.Contains(c.CenterId)).OrderByDescending(c => c.ReceivedAt).FirstAsync();
        var theirs = await db.Cases.AsNoTracking().Where(c => sj.Contains(c.CenterId)).OrderByDescending(c => c.ReceivedAt).FirstAsync();
        return (ours, theirs);
    }

    [Fact]
    public async Task ATownshipDirector_CannotActOnASiblingTownshipsCase()
    {
        var (ours, theirs) = await CasesAsync();
        var dm = await DemoActions.OperatorAsync(factory.Services, "dm-director");
        dm.CenterId.ShouldNotBeNull();
        var cases = factory.Services.GetRequiredService<CaseCommands>();
        var whistles = factory.Services.GetRequiredService<WhistleCommands>();
        var housing = await DemoActions.DepartmentIdAsync(factory.Services, "住建局");

        var refusals = new List<Func<Task>>
        {
            () => cases.AssessAsync(dm, theirs.Id, RiskLevel.High, null),
            () => cases.RejectAsync(dm, theirs.Id, "不属于受理范围"),
            () => cases.StartHandlingAsync(dm, theirs.Id, null, 5, null),
            () => cases.SubmitResultAsync(dm, theirs.Id, "已处理"),
            () => cases.RecordMediationAsync(dm, theirs.Id, false, "调解未成"),
            () => cases.RecordFollowUpAsync(dm, theirs.Id, Satisfaction.Satisfied, null, null),
            () => cases.CloseAsync(dm, theirs.Id, "办结"),
            () => cases.RouteAsync(dm, theirs.Id, null, null),
            () => whistles.BlowAsync(dm, theirs.Id, [housing], ResponsePolicy.Normal, "请到场"),
        };
        foreach (var refused in refusals)
        {
            (await Should.ThrowAsync<AccessDeniedException>(refused)).Message.ShouldContain($"案件 {theirs.Code} 不归大满镇综治中心办理");
        }

        // Its own area's case is within reach: whatever the case's stage says, it is not a refusal of access.
        var own = await Record.ExceptionAsync(() => cases.AssessAsync(dm, ours.Id, RiskLevel.Medium, "乡镇研判"));
        own.ShouldNotBeOfType<AccessDeniedException>();

        // Routing stays inside the township's reach, or goes up to the county.
        var county = await CenterIdAsync("GZ");
        var sibling = await CenterIdAsync("SJ");
        (await Should.ThrowAsync<AccessDeniedException>(() => cases.RouteAsync(dm, ours.Id, sibling, null))).Message.ShouldContain("只能分流到大满镇综治中心及其下级中心");
        (await Record.ExceptionAsync(() => cases.RouteAsync(dm, ours.Id, county, null))).ShouldNotBeOfType<AccessDeniedException>();
    }

    [Fact]
    public async Task ATownshipDirector_SeesOnlyItsOwnAreasCases_OnThePagesAndDownloads()
    {
        var (ours, theirs) = await CasesAsync();
        using var session = new WebSession(factory);
        await session.SignInAsync("dm-director");

        (await session.GetDocumentAsync($"/cases/{ours.Id}")).QuerySelector("h1")!.TextContent.ShouldBe(ours.Code);
        var refused = await session.GetDocumentAsync($"/cases/{theirs.Id}");
        refused.QuerySelector(".notice h2")!.TextContent.ShouldBe("找不到该案件");
        refused.Body!.TextContent.ShouldNotContain(theirs.Code);
        (await session.GetDocumentAsync($"/cases/{theirs.Id}/receipt")).Body!.TextContent.ShouldNotContain(theirs.Code);
        using var file = await session.Client.GetAsync(new Uri($"/cases/{theirs.Id}/files/{Guid.NewGuid()}", UriKind.Relative));
        file.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The county director reaches both.
        using var county = new WebSession(factory);
        await county.SignInAsync("director");
        (await county.GetDocumentAsync($"/cases/{theirs.Id}")).QuerySelector("h1")!.TextContent.ShouldBe(theirs.Code);
    }

    [Fact]
    public async Task ATownshipConsole_CountsAndListsOnlyItsOwnArea()
    {
        var queries = factory.Services.GetRequiredService<DispatchQueries>();
        var dm = await DemoActions.OperatorAsync(factory.Services, "dm-director");
        var scope = (await factory.Services.GetRequiredService<Infrastructure.Security.CenterScopes>().OfAsync(dm, CancellationToken.None))!;
        scope.Own.Name.ShouldBe("大满镇综治中心");
        scope.Centers.Count.ShouldBe(5);
        var overview = await queries.ConsoleAsync(scope.Centers, CancellationToken.None);
        var everything = await queries.ConsoleAsync(CancellationToken.None);
        overview.OpenCaseCount.ShouldBeLessThan(everything.OpenCaseCount);
        var listed = await queries.CasesAsync(new CaseQuery(Take: 200) { Centers = scope.Centers }, CancellationToken.None);
        listed.Total.ShouldBeGreaterThan(0);

        using var session = new WebSession(factory);
        await session.SignInAsync("dm-director");
        var page = await session.GetDocumentAsync("/console");
        page.QuerySelector(".brand-sub")!.TextContent.Trim().ShouldBe("大满镇综治中心 指挥调度平台");

        page.QuerySelector("#open-case-count")!.TextContent.ShouldBe(overview.OpenCaseCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var shown = page.QuerySelectorAll("table.whistles td.code").Select(td => td.TextContent.Trim()).ToList();
        shown.ShouldBe(overview.RunningWhistles.Select(w => w.CaseCode), ignoreOrder: true);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var codes = overview.RunningWhistles.Select(w => w.CaseCode).ToList();
        // Its own area's whistles, and those on cases it handed up (the county's whistle on a case raised from 大满镇).
        var whistleCases = await db.Cases.Where(c => codes.Contains(c.Code)).Select(c => new { c.CenterId, c.RaisedFromCenterId }).ToListAsync();
        whistleCases.ShouldAllBe(c => scope.Covers(c.CenterId) || (c.RaisedFromCenterId != null && scope.Covers(c.RaisedFromCenterId.Value)));
        var listedIds = listed.Rows.Select(r => r.Id).ToList();
        // Its own cases, and those it handed up (「已上交」), which it follows read-only.
        var listedCases = await db.Cases.Where(c => listedIds.Contains(c.Id)).Select(c => new { c.CenterId, c.RaisedFromCenterId }).ToListAsync();
        listedCases.ShouldAllBe(c => scope.Covers(c.CenterId) || (c.RaisedFromCenterId != null && scope.Covers(c.RaisedFromCenterId.Value)));
    }

    [Fact]
    public async Task ATownshipDirector_OpensItsOwnWall_NotTheCountys()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("dm-director");

        var own = await session.GetDocumentAsync("/wall/township-1x1");
        own.QuerySelector(".wall-stage")!.GetAttribute("data-wall").ShouldBe("township-1x1");
        var county = await session.GetDocumentAsync("/wall/county-3x2");
        county.QuerySelector(".wall-stage").ShouldBeNull();
        county.QuerySelector(".wall-denied h2")!.TextContent.ShouldBe("无权查看此大屏");

        using var sibling = new WebSession(factory);
        await sibling.SignInAsync("sj-director");
        (await sibling.GetDocumentAsync("/wall/township-1x1")).QuerySelector(".wall-denied").ShouldNotBeNull();
    }

    [Fact]
    public async Task ATownshipDirectorsReports_CoverItsOwnArea_AndNoOtherCenter()
    {
        using var session = new WebSession(factory);
        await session.SignInAsync("dm-director");

        using (var other = await session.Client.GetAsync(new Uri("/reports/export.xlsx?center=SJ&period=30d", UriKind.Relative)))
        {
            other.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using (var county = await session.Client.GetAsync(new Uri("/reports/timeline.csv?center=GZ&period=30d", UriKind.Relative)))
        {
            county.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using (var own = await session.Client.GetAsync(new Uri("/reports/export.xlsx?center=DM&period=30d", UriKind.Relative)))
        {
            own.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var page = await session.GetDocumentAsync("/reports");
        page.Body!.TextContent.ShouldContain("大满镇综治中心");
        var refused = await session.GetDocumentAsync("/reports?center=SJ");
        refused.Body!.TextContent.ShouldContain("没有代码为「SJ」的综治中心");
    }

    private async Task<Guid> CenterIdAsync(string code)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        return await db.Centers.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
    }
}
