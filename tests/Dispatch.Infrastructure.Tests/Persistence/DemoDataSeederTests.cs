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
    public async Task TheHistory_PlaysThroughAllThreeLevels()
    {
        await using var database = await TestDatabase.Sqlite(new FakeClock(Now)).MigrateAsync();
        await database.Services.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(CancellationToken.None);

        await using var db = database.CreateContext();
        var centers = await db.Centers.AsNoTracking().ToDictionaryAsync(c => c.Id);
        var cases = await db.Cases.AsNoTracking().ToListAsync();
        var whistles = await db.Whistles.AsNoTracking().ToListAsync();
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id);
        var staff = await db.Staff.AsNoTracking().ToDictionaryAsync(s => s.Id);

        // Closed where they were settled: villages by mediation, townships, the county.
        var closedAt = cases.Where(c => c.ClosedAtLevel is not null).GroupBy(c => c.ClosedAtLevel!.Value).ToDictionary(g => g.Key, g => g.Count());
        closedAt[CenterLevel.Village].ShouldBeGreaterThan(50);
        closedAt[CenterLevel.Township].ShouldBeGreaterThan(50);
        closedAt[CenterLevel.County].ShouldBeGreaterThan(50);
        cases.Where(c => c.ClosedAtLevel == CenterLevel.Village).ShouldAllBe(c => c.Timeline.Any(t => t.Kind == TimelineKind.Mediated));

        // Handed up by the rules: from villages to their township, from townships to the county, each remembering where it came from.
        var raisedFromVillage = cases.Where(c => c.RaisedFromCenterId is { } from && centers[from].Level == CenterLevel.Village).ToList();
        raisedFromVillage.Count.ShouldBeGreaterThan(10);
        raisedFromVillage.ShouldContain(c => c.CenterLevel == CenterLevel.County);
        cases.ShouldContain(c => c.RaisedFromCenterId != null && centers[c.RaisedFromCenterId.Value].Level == CenterLevel.Township && c.CenterLevel == CenterLevel.County);
        cases.Where(c => c.RaisedAt != null).ShouldAllBe(c => c.Timeline.Any(t => t.Kind == TimelineKind.Raised));

        // Registered where they came in, with that center's code; grid reports by the village's grid worker.
        cases.ShouldContain(c => c.Code.StartsWith("XX-", StringComparison.Ordinal));
        cases.ShouldContain(c => c.Code.StartsWith("DM-", StringComparison.Ordinal));
        cases.Where(c => c.Channel == Channel.GridReport).ShouldAllBe(c => c.VillageId != null && !c.Code.StartsWith("GZ-", StringComparison.Ordinal));
        cases.ShouldContain(c => c.Channel == Channel.GridReport && c.Timeline[0].ActorId != null && staff[c.Timeline[0].ActorId!.Value].Role == StaffRole.GridWorker);

        // Townships whistle their own 站所, some with a county department beside them (never 梁家墩镇).
        var townshipWhistles = whistles.Where(w => w.Summonses.Any(s => centers[departments[s.DepartmentId].CenterId].Level == CenterLevel.Township)).ToList();
        townshipWhistles.Count.ShouldBeGreaterThan(20);
        townshipWhistles.ShouldContain(w => w.Summonses.Any(s => centers[departments[s.DepartmentId].CenterId].Level == CenterLevel.County));
        var ljd = centers.Values.Single(c => c.Code == "LJD").Id;
        townshipWhistles.Where(w => w.Summonses.Any(s => departments[s.DepartmentId].CenterId == ljd))
            .ShouldAllBe(w => w.Summonses.All(s => departments[s.DepartmentId].CenterId == ljd));

        // Every staffed level has open work of its own on its console.
        cases.ShouldContain(c => c.IsOpen && c.CenterLevel == CenterLevel.Village);
        cases.ShouldContain(c => c.IsOpen && c.CenterLevel == CenterLevel.Township);
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
