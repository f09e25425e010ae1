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
        var cases = int.Parse(Option(arguments, "--cases") ?? "100000", CultureInfo.InvariantCulture);
        var runs = int.Parse(Option(arguments, "--runs") ?? "10", CultureInfo.InvariantCulture);
        var database = Option(arguments, "--database");
        var settings = new Dictionary<string, string?> { ["Escalation:Enabled"] = "false", ["Jobs:Enabled"] = "false" };
        if (database is not null)
        {
            settings["Database:ConnectionString"] = $"Data Source={Path.GetFullPath(database)}";
            settings["Database:SeedDemoData"] = "false";
        }
        else
        {
            settings["Database:DemoHistoryDays"] = "365";
            settings["Database:DemoScale"] = DemoDataSeeder.ScaleFor(cases, 365).ToString("0.####", CultureInfo.InvariantCulture);
        }

        var seeding = Stopwatch.StartNew();
        using var app = DispatchWebFactory.WithRealServer(settings: settings);
        var baseUrl = app.ServerAddress;
        var services = app.Services;
        await using (var db = await services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync())
        {
            var total = await db.Cases.CountAsync();
            var timeline = await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM \"CaseTimeline\"").SingleAsync();
            var whistles = await db.Whistles.CountAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"reports benchmark: {Environment.ProcessorCount} cores, SQLite, {total:N0} cases, {timeline:N0} timeline steps, {whistles:N0} whistles ({(database is null ? $"seeded in {seeding.Elapsed.TotalSeconds:0} s" : database)}); {runs} runs each"));
        }

        var walls = services.GetRequiredService<WallQueries>();
        var reports = services.GetRequiredService<ReportQueries>();
        var county = (await walls.CountyScopeAsync(default))!;
        var township = (await walls.ScopeAsync("DM", default))!;
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        Period Days(int days) => new(now.AddDays(-days), now);

        await Measure("report, county, one year", () => reports.ReportAsync(county, Days(365), default));
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
            return GetAsync(http, path);
        }

        await Measure("page /reports?period=year (server render)", () => Fresh("year", "/reports?period=year"));
        await Measure("page /reports?period=month (server render)", () => Fresh("month", "/reports?period=month"));
        await Measure("export .xlsx, one year", () => Fresh("year", "/reports/export.xlsx?period=year"));
        await Measure("page, year, again within the minute", () => GetAsync(http, "/reports?period=year"));
        await Measure("export .xlsx, year, after viewing it", () => GetAsync(http, "/reports/export.xlsx?period=year"));
        var bulletins = services.GetRequiredService<BulletinService>();
        var today = Dispatch.Domain.Reports.BulletinComposer.DayOf(now, services.GetRequiredService<Dispatch.Domain.Whistles.WorkingCalendar>());
        await Measure("daily bulletin, compose", () => bulletins.ComposeAsync(today, now, default));
        var risk = services.GetRequiredService<RiskService>();
        await Measure("risk rules, one run", () => risk.EvaluateAsync(default), warmups: 1);
        await Measure("timeline .csv, one month", () => GetAsync(http, "/reports/timeline.csv?period=month"), warmups: 1, count: Math.Min(runs, 3));

        async Task Measure<T>(string name, Func<Task<T>> action, int warmups = 2, int? count = null)
        {
            for (var i = 0; i < warmups; i++)
            {
                await action();
            }

            var times = new List<double>();
            for (var i = 0; i < (count ?? runs); i++)
            {
                var watch = Stopwatch.StartNew();
                await action();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-44} p50 {times[times.Count / 2],7:0.0} ms   max {times[^1],7:0.0} ms"));
        }
    }

    private static async Task<long> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).LongLength;
    }

    private static string? Option(string[] arguments, string name)
    {
        var index = Array.IndexOf(arguments, name);
        return index >= 0 && index + 1 < arguments.Length ? arguments[index + 1] : null;
    }
}
