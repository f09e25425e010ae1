using System.Diagnostics;
using System.Globalization;
using Dispatch.Infrastructure;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Persistence.Seeding;

namespace Dispatch.Web;

/// <summary>
/// <c>dotnet run --project Dispatch.Web -- seed [--cases 100000] [--days 365]</c>: a year of
/// realistic demo data (the demo county's story, scaled) in a new database, for load and report
/// timings. Writes to <c>App_Data/dispatch-year.db</c> unless <c>--Database:ConnectionString</c>
/// (or PostgreSQL settings) say otherwise; refuses a database that already holds data.
/// </summary>
public static class SeedCommand
{
    public const string DefaultFile = "App_Data/dispatch-year.db";

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = new List<string>();
        int cases = 100_000, days = 365;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--cases" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 5_000_000:
                    cases = n;
                    i++;
                    break;
                case "--days" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var d) && d is > 0 and <= 3650:
                    days = d;
                    i++;
                    break;
                case "--cases" or "--days":
                    await Console.Error.WriteLineAsync($"{args[i]} 需要一个正整数（--cases 不超过 5000000，--days 不超过 3650）。");
                    return 2;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        var builder = WebApplication.CreateBuilder(rest.ToArray());
        var scale = DemoDataSeeder.ScaleFor(cases, days);
        var overrides = new Dictionary<string, string?>
        {
            ["Database:SeedDemoData"] = "false",
            ["Database:DemoHistoryDays"] = days.ToString(CultureInfo.InvariantCulture),
            ["Database:DemoScale"] = scale.ToString("0.####", CultureInfo.InvariantCulture),
            ["Escalation:Enabled"] = "false",
            ["Jobs:Enabled"] = "false",
        };
        if (string.IsNullOrEmpty(builder.Configuration["Database:ConnectionString"]))
        {
            overrides["Database:ConnectionString"] = $"Data Source={Path.Combine(builder.Environment.ContentRootPath, DefaultFile)}";
        }

        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDispatchInfrastructure(builder.Configuration, builder.Environment.ContentRootPath);
        await using var services = builder.Services.BuildServiceProvider();

        var target = builder.Configuration["Database:ConnectionString"];
        Console.WriteLine($"Seeding about {cases:N0} cases over {days} days into {target} …");
        var watch = Stopwatch.StartNew();
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        var written = await services.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None);
        if (written is null)
        {
            await Console.Error.WriteLineAsync("该数据库已有数据，未写入。请指定一个新的数据库（例如 --Database:ConnectionString=\"Data Source=App_Data/year2.db\"）或删除原文件后重试。");
            return 1;
        }

        Console.WriteLine($"Wrote {written:N0} cases in {watch.Elapsed.TotalSeconds:0.0} s.");
        Console.WriteLine($"Start the app on it: dotnet run --project Dispatch.Web -- --Database:ConnectionString=\"{target}\" --Database:SeedDemoData=false");
        return 0;
    }
}
