using Dispatch.Domain.Cases;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Persistence.Seeding;
using Dispatch.Infrastructure.Queries;
using Dispatch.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Infrastructure.Tests.Queries;

/// <summary>The wall's read side on the demo county, on both databases: county and township scopes agree with the rows.</summary>
[Collection(PostgresCollection.Name)]
public class WallQueriesTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 15, 30, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task CountyAndTownshipScopes_MatchTheRows(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.Create(provider, postgres, new FakeClock(Now)).MigrateAsync();
        await database.Services.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(CancellationToken.None);
        var queries = database.Services.GetRequiredService<WallQueries>();
        await using var db = database.CreateContext();
        var cases = await db.Cases.AsNoTracking().ToListAsync();
        var whistles = await db.Whistles.AsNoTracking().ToListAsync();

        var county = (await queries.ScopeAsync("gz", CancellationToken.None)).ShouldNotBeNull();
        var township = (await queries.ScopeAsync("DM", CancellationToken.None)).ShouldNotBeNull();
        (await queries.ScopeAsync("NOPE", CancellationToken.None)).ShouldBeNull();
        county.Level.ShouldBe(CenterLevel.County);
        township.Level.ShouldBe(CenterLevel.Township);

        bool InTownship(Case c) => c.TownshipId == township.CenterId || c.CenterId == township.CenterId;
        var countyCounts = await queries.CountsAsync(county, CancellationToken.None);
        var townshipCounts = await queries.CountsAsync(township, CancellationToken.None);
        countyCounts.OpenCases.ShouldBe(cases.Count(c => c.IsOpen));
        townshipCounts.OpenCases.ShouldBe(cases.Count(c => c.IsOpen && InTownship(c)));
        townshipCounts.OpenCases.ShouldBeLessThan(countyCounts.OpenCases);
        countyCounts.RunningWhistles.ShouldBe(whistles.Count(w => w.IsOpen));

        var townshipWhistles = await queries.RunningWhistlesAsync(township, CancellationToken.None);
        var townshipCaseIds = cases.Where(InTownship).Select(c => c.Id).ToHashSet();
        townshipWhistles.ShouldAllBe(w => townshipCaseIds.Contains(w.CaseId));
        townshipWhistles.Count.ShouldBe(whistles.Count(w => w.IsOpen && townshipCaseIds.Contains(w.CaseId)));

        var townships = await queries.TownshipLoadAsync(county, CancellationToken.None);
        townships.Select(t => t.Code).ShouldBe(["DJ", "DM", "DZ", "LJD", "SJ", "XJ"]);
        townships.Sum(t => t.OpenCases).ShouldBe(cases.Count(c => c.IsOpen && c.TownshipId != null));
        (await queries.TownshipLoadAsync(township, CancellationToken.None)).ShouldHaveSingleItem().Code.ShouldBe("DM");

        var trend = await queries.TrendAsync(county, 30, CancellationToken.None);
        trend.Count.ShouldBe(30);
        var firstDay = new DateTimeOffset(trend[0].Day.ToDateTime(TimeOnly.MinValue), WorkingCalendar.ChinaStandardTime);
        trend.Sum(d => d.Received).ShouldBe(cases.Count(c => c.ReceivedAt >= firstDay && c.ReceivedAt <= Now));

        var departments = await queries.DepartmentLoadAsync(county, CancellationToken.None);
        departments.Count.ShouldBe(await db.Departments.CountAsync());
        var open = whistles.Where(w => w.IsOpen).SelectMany(w => w.Summonses).Where(s => s.State is SummonsState.Pending or SummonsState.Acknowledged or SummonsState.OnSite or SummonsState.Declined).ToList();
        departments.Sum(d => d.OpenSummonses).ShouldBe(open.Count);
        departments.ShouldContain(d => d.MedianAcknowledgement != null);

        var escalations = await queries.EscalationsAsync(county, 100, CancellationToken.None);
        escalations.ShouldNotBeEmpty();
        escalations.ShouldAllBe(e => e.Action != EscalationAction.RemindTerminal && e.TakenAt >= Now.AddDays(-7));
        escalations.Select(e => e.TakenAt).ShouldBe(escalations.Select(e => e.TakenAt).OrderDescending());

        var risk = await queries.CategoryRiskAsync(county, 3, CancellationToken.None);
        risk.Count.ShouldBe(3);
        risk[0].Count.ShouldBe(cases.Where(c => c.ReceivedAt >= Now.AddDays(-7)).CountBy(c => c.Category).Max(g => g.Value));

        var kpis = await queries.KpisAsync(township, new Domain.Kpis.Period(Now.AddDays(-30), Now), CancellationToken.None);
        kpis.CasesReceived.ShouldBe(cases.Count(c => InTownship(c) && c.ReceivedAt >= Now.AddDays(-30) && c.ReceivedAt < Now));
    }
}
