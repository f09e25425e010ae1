using System.Diagnostics;
using System.Globalization;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Persistence.Seeding;
using Dispatch.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The app on a year of data for the benchmarks that read one: without --database it seeds about
/// --cases cases over 365 days into a temp SQLite file (the code of <c>dotnet run --project
/// Dispatch.Web -- seed</c>); with it, it reads a file that command made. Timed jobs are off.
/// </summary>
internal static class YearDatabase
{
    /// <summary>--set Key=Value (repeatable): a setting of the app under test, e.g. --set Sms:Enabled=false.</summary>
    public static Dictionary<string, string?> Settings(string[] arguments) =>
        arguments.Select((a, i) => (a, i)).Where(p => p.a == "--set" && p.i + 1 < arguments.Length)
            .Select(p => arguments[p.i + 1].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : null);

    public static async Task<DispatchWebFactory> StartAsync(string[] arguments, string benchmark, int runs)
    {
        var cases = int.Parse(Option(arguments, "--cases") ?? "100000", CultureInfo.InvariantCulture);
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

        foreach (var (key, value) in Settings(arguments))
        {
            settings[key] = value;
        }

        var seeding = Stopwatch.StartNew();
        var app = DispatchWebFactory.WithRealServer(settings: settings);
        _ = app.ServerAddress;
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var total = await db.Cases.CountAsync();
        var timeline = await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM \"CaseTimeline\"").SingleAsync();
        var whistles = await db.Whistles.CountAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{benchmark} benchmark: {Environment.ProcessorCount} cores, SQLite, {total:N0} cases, {timeline:N0} timeline steps, {whistles:N0} whistles ({(database is null ? $"seeded in {seeding.Elapsed.TotalSeconds:0} s" : database)}); {runs} runs each"));
        return app;
    }

    /// <summary>Runs <paramref name="action"/> after warm-ups, prints min, median and max milliseconds and returns the median.</summary>
    public static async Task<double> MeasureAsync<T>(string name, int runs, Func<Task<T>> action, int warmups = 2)
    {
        for (var i = 0; i < warmups; i++)
        {
            await action();
        }

        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-48} min {times[0],7:0.0}   p50 {times[times.Count / 2],7:0.0}   max {times[^1],7:0.0} ms"));
        return times[times.Count / 2];
    }

    public static async Task<long> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).LongLength;
    }

    public static string? Option(string[] arguments, string name)
    {
        var index = Array.IndexOf(arguments, name);
        return index >= 0 && index + 1 < arguments.Length ? arguments[index + 1] : null;
    }
}
