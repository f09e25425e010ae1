using Dispatch.Domain.Cases;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Persistence.Seeding;
using Dispatch.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Infrastructure.Tests.Persistence;

[Collection(PostgresCollection.Name)]
public class DemoDataSeederTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 15, 30, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task EmptyDatabase_GetsTheDemoCountyWithRealisticHistory(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.Create(provider, postgres, new FakeClock(Now)).MigrateAsync();

        (await database.Services.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(CancellationToken.None)).ShouldBeTrue();

        await using var db = database.CreateContext();
        (await db.Centers.CountAsync(c => c.Level == CenterLevel.Township)).ShouldBe(6);
        (await db.Centers.CountAsync(c => c.Level == CenterLevel.Village)).ShouldBe(20);
        (await db.Departments.Select(d => d.ShortName).ToListAsync()).ShouldContain("热力公司");
        foreach (var role in Enum.GetValues<StaffRole>())
        {
            (await db.Staff.AnyAsync(s => s.Role == role)).ShouldBeTrue($"no demo account for {role}");
        }

        var cases = await db.Cases.AsNoTracking().ToListAsync();
        var whistles = await db.Whistles.AsNoTracking().ToListAsync();
        cases.Count.ShouldBeGreaterThan(400);
        cases.Select(c => c.Code).Distinct().Count().ShouldBe(cases.Count);
        cases.ShouldAllBe(c => c.Timeline.Count > 0 && c.Timeline.All(t => t.At <= Now));
        cases.Count(c => c.Status == CaseStatus.Closed).ShouldBeGreaterThan(cases.Count / 2);
        cases.ShouldContain(c => c.IsOpen);
        whistles.Count(w => w.IsOpen && w.Summonses.Any(s => s.State == SummonsState.Pending)).ShouldBeGreaterThanOrEqualTo(3);

        var month = new Period(Now.AddDays(-30), Now);
        var facts = cases.Select(c => new CaseFact(c.Category, c.ReceivedAt, c.AcceptedAt, c.AcceptanceDueAt, c.DueAt, c.ClosedAt, c.ClosedAtLevel)).ToList();
        KpiCalculator.OnSiteResolution(whistles.Select(w => new WhistleFact(w.ClosedAt, w.Outcome, w.HandledJointlyOnSite)), month).Value!.Value.ShouldBeInRange(0.35, 0.8);
        KpiCalculator.SatisfactionRate(cases.SelectMany(c => c.FollowUps).Select(f => new FollowUpFact(f.At, f.Satisfaction)), month).Value!.Value.ShouldBeInRange(0.9, 1.0);
        KpiCalculator.TimelyAcceptance(facts, month).Value!.Value.ShouldBeInRange(0.9, 1.0);
        var levels = KpiCalculator.LevelDistribution(facts, month);
        (levels.Single(l => l.Level == CenterLevel.County).Share).ShouldBeLessThan(0.4);
    }

    [Fact]
    public async Task SecondRun_DoesNothing()
    {
        await using var database = await TestDatabase.Sqlite(new FakeClock(Now)).MigrateAsync();
        var seeder = database.Services.GetRequiredService<DemoDataSeeder>();
        await seeder.SeedIfEmptyAsync(CancellationToken.None);
        int before;
        await using (var db = database.CreateContext())
        {
            before = await db.Cases.CountAsync();
        }

        (await seeder.SeedIfEmptyAsync(CancellationToken.None)).ShouldBeFalse();

        await using var read = database.CreateContext();
        (await read.Cases.CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task ADatabaseWithItsOwnData_IsNeverTouched()
    {
        await using var database = await TestDatabase.Sqlite(new FakeClock(Now)).MigrateAsync();
        await database.UnitOfWork.ExecuteAsync(db =>
        {
            db.Centers.Add(Center.CreateCounty(Guid.NewGuid(), "AJ", "安吉县综治中心"));
            return Task.CompletedTask;
        });

        (await database.Services.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(CancellationToken.None)).ShouldBeFalse();

        await using var db = database.CreateContext();
        (await db.Centers.Select(c => c.Name).ToListAsync()).ShouldBe(["安吉县综治中心"]);
        (await db.Staff.CountAsync()).ShouldBe(0);
    }
}
