using Dispatch.Domain.Cases;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Persistence.Seeding;
using Dispatch.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Infrastructure.Tests.Persistence;

/// <summary>
/// The migration that introduced timeline kinds must give the lines written before it the kind
/// the domain gives them today: the demo county's history is written with kinds, taken back to
/// the schema before kinds (the column dropped), migrated forward again, and compared line by line.
/// </summary>
[Collection(PostgresCollection.Name)]
public class TimelineKindMigrationTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 15, 30, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task LinesWrittenBeforeKinds_GetTheKindTheDomainWouldGiveThem(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.Create(provider, postgres, new FakeClock(Now)).MigrateAsync();
        await database.Services.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(CancellationToken.None);
        Dictionary<(Guid, int), TimelineKind> written;
        await using (var db = database.CreateContext())
        {
            await AddDirectorUrgeAndRaiseAsync(db);
            written = (await db.Cases.AsNoTracking().ToListAsync()).SelectMany(c => c.Timeline.Select(t => (Key: (c.Id, t.Sequence), t.Kind))).ToDictionary(x => x.Key, x => x.Kind);
        }

        await using (var db = database.CreateContext())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("20261202010000_AuditTrail");
            (await ColumnsAsync(db)).ShouldNotContain("Kind");
            await migrator.MigrateAsync();
        }

        await using (var db = database.CreateContext())
        {
            var migrated = (await db.Cases.AsNoTracking().ToListAsync()).SelectMany(c => c.Timeline.Select(t => (Key: (c.Id, t.Sequence), t.Kind, t.Action))).ToList();
            migrated.Count.ShouldBe(written.Count);
            var wrong = migrated.Where(m => written[m.Key] != m.Kind).Select(m => $"{m.Action}: {m.Kind}, expected {written[m.Key]}").Distinct().ToList();
            wrong.ShouldBeEmpty(string.Join("; ", wrong));
            migrated.ShouldNotContain(m => m.Kind == TimelineKind.Unknown);

            // The two labels two kinds share both occur, so the test proves they are told apart.
            var kinds = migrated.Select(m => m.Kind).ToHashSet();
            new[] { TimelineKind.Urged, TimelineKind.EscalationUrged, TimelineKind.Raised, TimelineKind.EscalationRaised }.Where(k => !kinds.Contains(k)).ShouldBeEmpty();
            kinds.Count.ShouldBeGreaterThanOrEqualTo(20);
        }
    }

    /// <summary>
    /// The demo's urges are all the system's and no demo case moved up: one urge by a person and
    /// one raise make the labels two kinds share (催办, 升级) occur both ways.
    /// </summary>
    private static async Task AddDirectorUrgeAndRaiseAsync(DispatchDbContext db)
    {
        var county = await db.Centers.FirstAsync(c => c.Level == Domain.Organization.CenterLevel.County);
        var township = (await db.Cases.Where(c => c.CenterLevel == Domain.Organization.CenterLevel.Township).ToListAsync()).First(c => c.IsOpen);
        township.RaiseTo(county.Id, county.Level, county.Name, "乡镇调解未果", Domain.Common.Actor.System, Now);

        var whistle = await db.Whistles.FirstAsync(w => w.Status == Domain.Whistles.WhistleStatus.Open && w.Summonses.Any(s => s.State == Domain.Whistles.SummonsState.Pending));
        var @case = await db.Cases.FirstAsync(c => c.Id == whistle.CaseId);
        var summons = whistle.Summonses.First(s => s.State == Domain.Whistles.SummonsState.Pending);
        whistle.Urge(summons.Id, "请尽快报到", @case, new Domain.Common.Actor(Guid.NewGuid(), "张主任"), Now);
        await db.SaveChangesAsync();
    }

    private static async Task<List<string>> ColumnsAsync(DispatchDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = db.Database.IsSqlite()
            ? "SELECT name FROM pragma_table_info('CaseTimeline')"
            : "SELECT column_name FROM information_schema.columns WHERE table_name = 'CaseTimeline'";
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }
}
