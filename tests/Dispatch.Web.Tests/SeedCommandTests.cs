using Dispatch.Domain.Cases;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Web.Tests;

/// <summary>The <c>seed</c> command: at least the cases asked for, case codes that later registrations continue, and no second seeding over data.</summary>
public sealed class SeedCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dispatch-seed-").FullName;

    [Fact]
    public async Task Seed_WritesAtLeastTheCasesAsked_ContinuesTheSerials_AndRefusesADatabaseWithData()
    {
        var file = Path.Combine(_folder, "year.db");
        string[] arguments = ["--cases", "3000", "--days", "60", $"--Database:ConnectionString=Data Source={file}"];

        var first = await SeedCommand.RunAsync(arguments);
        var second = await SeedCommand.RunAsync(arguments);
        var bad = await SeedCommand.RunAsync(["--cases", "lots"]);

        first.ShouldBe(0);
        second.ShouldBe(1, "a database that holds data is never seeded again");
        bad.ShouldBe(2);
        var options = new DbContextOptionsBuilder<DispatchDbContext>().UseSqlite($"Data Source={file}").Options;
        await using var db = new DispatchDbContext(options);
        var count = await db.Cases.CountAsync();
        count.ShouldBeInRange(3000, 3600);
        (await db.Cases.MinAsync(c => c.ReceivedAt)).ShouldBeLessThan(DateTimeOffset.UtcNow.AddDays(-59));
        var codes = await db.Cases.Select(c => c.Code).ToListAsync();
        codes.Distinct().Count().ShouldBe(count, "一案一码: every code once");
        var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;
        var highest = codes.Select(c => CaseCode.Parse(c)).Where(c => c.Year == year).Max(c => c.Serial);
        (await db.NextAsync("GZ", year, CancellationToken.None)).Serial.ShouldBe(highest + 1);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
