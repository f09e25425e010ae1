using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Persistence.Seeding;
using Dispatch.Infrastructure.Reports;
using Dispatch.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Infrastructure.Tests.Persistence;

/// <summary>
/// A database from before the reports' daily counts, on both providers: the demo written, the
/// schema taken back to before them, migrated forward again. The whistles learn from their
/// summonses whether anyone went on site, each summons when its whistle ended, and the first
/// start builds the counts, equal to the cases.
/// </summary>
[Collection(PostgresCollection.Name)]
public class ReportMigrationTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 15, 30, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task AnOlderDatabase_IsFilledFromItsOwnRows(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.Create(provider, postgres, new FakeClock(Now)).MigrateAsync();
        await database.Services.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(CancellationToken.None);
        await using (var db = database.CreateContext())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("20261207010000_TextMessages");
            await migrator.MigrateAsync();
            (await db.ReportDays.AnyAsync()).ShouldBeFalse();
        }

        var built = await database.Services.GetRequiredService<ReportTallyBuilder>().BuildIfMissingAsync(CancellationToken.None);
        built.ShouldNotBeNull();
        built.Rebuilt.ShouldBeTrue();
        (await database.Services.GetRequiredService<ReportTallyBuilder>().CheckAsync(repair: false, CancellationToken.None)).Wrong.ShouldBe(0);

        await using (var db = database.CreateContext())
        {
            var whistles = await db.Whistles.AsNoTracking().ToListAsync();
            whistles.Count(w => w.WentOnSite).ShouldBeGreaterThan(0);
            whistles.Count(w => !w.WentOnSite).ShouldBeGreaterThan(0);
            whistles.Where(w => w.WentOnSite != w.Summonses.Any(s => s.OnSiteAt != null)).Select(w => w.CaseCode).ShouldBeEmpty();
            var summonses = whistles.SelectMany(w => w.Summonses.Select(s => (s.WhistleClosedAt, w.ClosedAt))).ToList();
            summonses.ShouldContain(s => s.ClosedAt != null);
            summonses.ShouldContain(s => s.ClosedAt == null);
            summonses.Where(s => s.WhistleClosedAt != s.ClosedAt).ShouldBeEmpty();
        }
    }
}
