using Dispatch.Domain.Cases;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Reports;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Persistence.Seeding;
using Dispatch.Infrastructure.Queries;
using Dispatch.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Infrastructure.Tests.Queries;

/// <summary>The report's read side on the demo county, on both databases: the tables agree with the rows and with each other.</summary>
[Collection(PostgresCollection.Name)]
public class ReportQueriesTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 15, 30, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task AMonthsReport_AgreesWithTheRows(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.Create(provider, postgres, new FakeClock(Now)).MigrateAsync();
        await database.Services.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(CancellationToken.None);
        var walls = database.Services.GetRequiredService<WallQueries>();
        var reports = database.Services.GetRequiredService<ReportQueries>();
        await using var db = database.CreateContext();
        var cases = await db.Cases.AsNoTracking().ToListAsync();
        var county = (await walls.ScopeAsync("GZ", CancellationToken.None))!;
        var township = (await walls.ScopeAsync("DM", CancellationToken.None))!;
        var cst = WorkingCalendar.ChinaStandardTime;
        var month = new Period(new DateTimeOffset(2026, 11, 1, 0, 0, 0, cst), new DateTimeOffset(2026, 12, 1, 0, 0, 0, cst));

        var report = await reports.ReportAsync(county, month, CancellationToken.None);

        var received = cases.Count(c => month.Contains(c.ReceivedAt));
        received.ShouldBeGreaterThan(100);
        report.Kpis.CasesReceived.ShouldBe(received);
        report.Categories.Sum(c => c.Count).ShouldBe(received);
        report.Categories.Sum(c => c.OpenAtEnd).ShouldBe(cases.Count(c => c.IsOpen));
        report.Townships.Select(t => t.Code).ShouldBe(["DJ", "DM", "DZ", "LJD", "SJ", "XJ"]);
        report.Townships.Sum(t => t.Line.Received).ShouldBe(cases.Count(c => month.Contains(c.ReceivedAt) && c.TownshipId != null));
        report.Bucket.ShouldBe(Bucket.Day);
        report.Trend.Count.ShouldBe(30);
        report.Trend.Sum(p => p.Received).ShouldBe(received);
        report.Trend.Sum(p => p.Closed).ShouldBe(report.Kpis.CasesClosed);
        report.Departments.Count.ShouldBe(await db.Departments.CountAsync());
        report.Departments.Select(d => d.Score.Rank).ShouldBeInOrder();
        report.Departments.Sum(d => d.Score.Summonses).ShouldBe(await db.Summonses.CountAsync(s => s.SummonedAt >= month.From.ToUniversalTime() && s.SummonedAt < month.To.ToUniversalTime()
            && s.State != SummonsState.Declined && s.State != SummonsState.Reassigned));
        report.Kpis.Satisfaction.Denominator.ShouldBe(cases.SelectMany(c => c.FollowUps).Count(f => month.Contains(f.At)));
        report.Departments.Sum(d => d.Score.Satisfaction.Denominator).ShouldBe(cases.Where(c => c.AssignedDepartmentId != null).SelectMany(c => c.FollowUps).Count(f => month.Contains(f.At)));
        report.Townships.Single(t => t.Code == "DM").Line.Satisfaction.Denominator.ShouldBe(
            cases.Where(c => c.TownshipId == township.CenterId).SelectMany(c => c.FollowUps).Count(f => month.Contains(f.At)));

        // The month before is counted in the database, not read: the comparison still matches the rows.
        var before = cases.Where(c => month.Previous.Contains(c.ReceivedAt)).CountBy(c => c.Category).ToDictionary();
        before.Values.Sum().ShouldBeGreaterThan(50);
        report.Categories.Sum(c => c.PreviousCount).ShouldBe(before.Values.Sum());
        report.Categories.ShouldAllBe(c => c.PreviousCount == before.GetValueOrDefault(c.Category));
        report.Kpis.TopCategories.ShouldAllBe(c => c.PreviousCount == before.GetValueOrDefault(c.Category));

        var local = await reports.ReportAsync(township, month, CancellationToken.None);
        local.Kpis.CasesReceived.ShouldBe(cases.Count(c => month.Contains(c.ReceivedAt) && (c.TownshipId == township.CenterId || c.CenterId == township.CenterId)));
        local.Townships.ShouldHaveSingleItem().Code.ShouldBe("DM");

        // A follow-up whose case the period's facts do not hold (closed "before" it, as a node with
        // a slow clock could record) still counts, with its case's department.
        var skewed = cases.First(c => c.ClosedAt != null && c.AssignedDepartmentId != null && c.FollowUps.Any(f => month.Contains(f.At)));
        var longAgo = month.From.ToUniversalTime().AddDays(-40);
        await db.Cases.Where(c => c.Id == skewed.Id).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.ReceivedAt, longAgo).SetProperty(c => c.DueAt, longAgo).SetProperty(c => c.ClosedAt, longAgo.AddDays(1)).SetProperty(c => c.ResultAt, longAgo.AddDays(1)));
        var again = await reports.ReportAsync(county, month, CancellationToken.None);
        again.Kpis.Satisfaction.Denominator.ShouldBe(report.Kpis.Satisfaction.Denominator);
        again.Departments.Sum(d => d.Score.Satisfaction.Denominator).ShouldBe(report.Departments.Sum(d => d.Score.Satisfaction.Denominator));

        var steps = new List<TimelineExportRow>();
        await foreach (var row in reports.TimelineAsync(county, month, CancellationToken.None))
        {
            steps.Add(row);
        }

        var monthCases = cases.Where(c => month.Contains(c.ReceivedAt)).ToList();
        steps.Count.ShouldBe(monthCases.Sum(c => c.Timeline.Count));
        steps.Select(s => s.CaseCode).Distinct().Count().ShouldBe(monthCases.Count);
        steps.Where(s => s.CaseCode == steps[0].CaseCode).Select(s => s.Sequence).ShouldBeInOrder();
    }
}
