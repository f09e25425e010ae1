using System.Diagnostics;
using System.Globalization;
using Dispatch.Domain.Kpis;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Persistence.Seeding;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Reports;
using Dispatch.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Reports over a year of data (issue: analysis and reports, "Scale"). Usage:
///   dotnet run -c Release --project tests/Dispatch.Benchmarks -- reports [--cases 100000] [--database PATH] [--runs 10]
/// Without --database it seeds a year of about --cases cases into a temp SQLite file first
/// (the same code as <c>dotnet run --project Dispatch.Web -- seed</c>); with it, it reads a file
/// that command made. Prints p50/max milliseconds of each report query, the reports page as the
/// server renders it, the Excel export, the daily bulletin and one risk-rule run. Goal: under 1 s.
/// </summary>
internal static class ReportsBenchmark
{
    public static async Task RunAsync(string[] arguments)
    {
        var runs = int.Parse(YearDatabase.Option(arguments, "--runs") ?? "10", CultureInfo.InvariantCulture);
        using var app = await YearDatabase.StartAsync(arguments, "reports", runs);
        var baseUrl = app.ServerAddress;
        var services = app.Services;

        var walls = services.GetRequiredService<WallQueries>();
        var reports = services.GetRequiredService<ReportQueries>();
        var county = (await walls.CountyScopeAsync(default))!;
        var township = (await walls.ScopeAsync("DM", default))!;
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        Period Days(int days) => new(now.AddDays(-days), now);

        var year = await Measure("report, county, one year", () => reports.ReportAsync(county, Days(365), default));

        // The baselines, in the same run on the same file: the raw SQL aggregates the issue names
        // (what the sqlite3 CLI did in 37 and 71 ms), and the report read from every case.
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContext().Database.GetDbConnection();
        await connection.OpenAsync();
        Task<int> Raw(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$from", now.AddDays(-365).UtcTicks);
            using var reader = command.ExecuteReader();
            var rows = 0;
            while (reader.Read())
            {
                rows++;
            }

            return Task.FromResult(rows);
        }

        await Measure("baseline: raw GROUP BY Category", () => Raw("SELECT \"Category\", COUNT(*) FROM \"Cases\" GROUP BY \"Category\""));
        var filtered = await Measure("baseline: raw, year filter, three aggregates", () => Raw(
            "SELECT \"Category\", COUNT(*), SUM(CASE WHEN \"ClosedAt\" IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN \"AcceptedAt\" <= \"AcceptanceDueAt\" THEN 1 ELSE 0 END) FROM \"Cases\" WHERE \"ReceivedAt\" >= $from GROUP BY \"Category\""));
        var rows = await Measure("baseline: the report read from every case", () => reports.ReportFromRowsAsync(county, Days(365), default));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  county year report: {year / filtered:0.0}x the filtered raw aggregate (goal < 3x), {year / rows:0.00}x the report from every case"));
        await Measure("report, county, one month", () => reports.ReportAsync(county, Days(30), default));
        await Measure("report, county, one week", () => reports.ReportAsync(county, Days(7), default));
        await Measure("report, 大满镇, one year", () => reports.ReportAsync(township, Days(365), default));

        using var http = new HttpClient { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Add("Cookie", await SignIn.CookieAsync(baseUrl, "director"));

        // The page and the downloads share a report for a minute (ReportCache): measured computed
        // afresh (the cache emptied first) and reused.
        var cache = services.GetRequiredService<Dispatch.Web.Reports.ReportCache>();
        Period Preset(string preset) => Dispatch.Web.Reports.ReportPeriod.Parse(preset, null, null, clock.GetUtcNow()).Period!.Period;
        Task<long> Fresh(string preset, string path)
        {
            cache.Forget(county, Preset(preset));
            return YearDatabase.GetAsync(http, path);
        }

        await Measure("page /reports?period=year (server render)", () => Fresh("year", "/reports?period=year"));
        await Measure("page /reports?period=month (server render)", () => Fresh("month", "/reports?period=month"));
        await Measure("export .xlsx, one year", () => Fresh("year", "/reports/export.xlsx?period=year"));
        await Measure("page, year, again within the minute", () => YearDatabase.GetAsync(http, "/reports?period=year"));
        await Measure("export .xlsx, year, after viewing it", () => YearDatabase.GetAsync(http, "/reports/export.xlsx?period=year"));
        var bulletins = services.GetRequiredService<BulletinService>();
        var today = Dispatch.Domain.Reports.BulletinComposer.DayOf(now, services.GetRequiredService<Dispatch.Domain.Whistles.WorkingCalendar>());
        await Measure("daily bulletin, compose", () => bulletins.ComposeAsync(today, now, default));
        var risk = services.GetRequiredService<RiskService>();
        await Measure("risk rules, one run", () => risk.EvaluateAsync(default), warmups: 1);
        await Measure("timeline .csv, one month", () => YearDatabase.GetAsync(http, "/reports/timeline.csv?period=month"), warmups: 1, count: Math.Min(runs, 3));

        Task<double> Measure<T>(string name, Func<Task<T>> action, int warmups = 2, int? count = null) =>
            YearDatabase.MeasureAsync(name, count ?? runs, action, warmups);
    }
}
