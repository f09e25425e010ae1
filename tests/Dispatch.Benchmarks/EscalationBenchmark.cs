using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Persistence;
using Dispatch.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// Escalation lateness on Hangfire (issue: the design card's server stack). Usage:
///   dotnet run -c Release --project tests/Dispatch.Benchmarks -- escalation [--summonses 10000] [--spread-s 180] [--lead-s 120] [--db sqlite,postgres] [--workers N]
/// Blows N whistles (one summons each) whose single escalation step falls due at moments
/// spread over a few minutes, lets the app's own Hangfire set-up (storage as in production:
/// a SQLite job file, or PostgreSQL) fire them, and prints the
/// lateness of each step (taken − due) and the counts of missed and doubled steps.
/// </summary>
internal static class EscalationBenchmark
{
    private static readonly EscalationPolicy HalfTimeReminder = new("基准", [EscalationStep.AtPercent(DeadlineKind.Acknowledge, 50, EscalationAction.RemindTerminal)]);
    private static readonly ResponsePolicy TenMinutes = new("基准", ResponseLimit.Minutes(10), ResponseLimit.Hours(1), ResponseLimit.Hours(2));

    public static async Task RunAsync(string[] arguments)
    {
        string Option(string name, string fallback)
        {
            var index = Array.IndexOf(arguments, name);
            return index >= 0 && index + 1 < arguments.Length ? arguments[index + 1] : fallback;
        }

        var count = int.Parse(Option("--summonses", "10000"), CultureInfo.InvariantCulture);
        var spread = TimeSpan.FromSeconds(int.Parse(Option("--spread-s", "180"), CultureInfo.InvariantCulture));
        var lead = TimeSpan.FromSeconds(int.Parse(Option("--lead-s", "120"), CultureInfo.InvariantCulture));
        var workers = Option("--workers", string.Empty);
        Console.WriteLine($"escalation benchmark: {count} pending summonses, steps due over {spread.TotalSeconds} s starting {lead.TotalSeconds} s after set-up begins; {Environment.ProcessorCount} cores");
        foreach (var db in Option("--db", "sqlite,postgres").Split(','))
        {
            if (db == "sqlite")
            {
                var file = Path.Combine(Path.GetTempPath(), $"dispatch-bench-{Guid.NewGuid():N}.db");
                await RunOnceAsync("SQLite", DatabaseProvider.Sqlite, $"Data Source={file}", count, spread, lead, workers);
                File.Delete(file);
                File.Delete(Dispatch.Infrastructure.Jobs.JobsRegistration.SqliteJobsFile($"Data Source={file}"));
            }
            else
            {
                using var postgres = new PostgresServer();
                await RunOnceAsync("PostgreSQL", DatabaseProvider.PostgreSql, postgres.CreateDatabase("bench"), count, spread, lead, workers);
            }
        }
    }

    private static async Task RunOnceAsync(string label, DatabaseProvider provider, string connection, int count, TimeSpan spread, TimeSpan lead, string workers)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter((category, level) => level >= LogLevel.Warning && category?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) != true);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["Database:ConnectionString"] = connection,
            ["Database:SeedDemoData"] = "false",
            ["Escalation:AuditInterval"] = "00:05:00",
        });
        if (workers.Length > 0)
        {
            builder.Configuration["Escalation:Concurrency"] = workers;
        }

        builder.Services.AddDispatchInfrastructure(builder.Configuration, Path.GetTempPath());
        using var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        var taken = new ConcurrentDictionary<Guid, int>();
        host.Services.GetRequiredService<InProcessEventBus>().Subscribe((e, _) =>
        {
            if (e is EscalationStepTaken step)
            {
                taken.AddOrUpdate(step.SummonsId, 1, (_, n) => n + 1);
            }

            return Task.CompletedTask;
        });
        await host.StartAsync();

        var unitOfWork = host.Services.GetRequiredService<UnitOfWork>();
        var county = Center.CreateCounty(Guid.NewGuid(), "GZ", "甘州区综治中心");
        var department = Department.Create(Guid.NewGuid(), "甘州区住房和城乡建设局", "住建局", county.Id);
        await unitOfWork.ExecuteAsync(db =>
        {
            db.Centers.Add(county);
            db.Departments.Add(department);
            return Task.CompletedTask;
        });

        // Each step is due at 50 % of a 10-minute limit: blown 5 minutes before its due moment.
        var firstDue = DateTimeOffset.UtcNow + lead;
        var setUp = Stopwatch.StartNew();
        const int batch = 250;
        for (var offset = 0; offset < count; offset += batch)
        {
            await unitOfWork.ExecuteAsync(async db =>
            {
                for (var i = offset; i < Math.Min(count, offset + batch); i++)
                {
                    var due = firstDue + spread * i / count;
                    var blownAt = due - TimeSpan.FromMinutes(5);
                    var code = CaseCode.Create("GZ", 2026, i + 1);
                    var @case = Case.Register(Guid.CreateVersion7(), code, county.Id, new CaseIntake(Channel.Hotline12345, CaseCategory.Heating, "基准", "基准",
                        [Party.Create("王某")], null, null, null, blownAt, TimeSpan.FromDays(1), CenterLevel.County), Actor.System, blownAt);
                    db.Cases.Add(@case);
                    db.Whistles.Add(Whistle.Blow(Guid.CreateVersion7(), @case, [new SummonedDepartment(department.Id, "住建局")], TenMinutes, HalfTimeReminder,
                        null, WorkingCalendar.WeekendsOnly, Actor.System, blownAt));
                }

                await Task.CompletedTask;
            });
        }

        Console.WriteLine($"\n{label} ({host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Dispatch.Infrastructure.Escalation.EscalationOptions>>().Value.Concurrency} workers): {count} whistles written and scheduled in {setUp.Elapsed.TotalSeconds:0.0} s; first step due {(firstDue - DateTimeOffset.UtcNow).TotalSeconds:0} s from now");
        if (DateTimeOffset.UtcNow > firstDue)
        {
            Console.WriteLine("  (set-up ran past the first due moment: raise --lead-s; the steps due before it count as late)");
        }

        var lastDue = firstDue + spread;
        while (DateTimeOffset.UtcNow < lastDue + TimeSpan.FromSeconds(30) && taken.Count < count)
        {
            await Task.Delay(1000);
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        await using var read = await host.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var lateness = (await read.Summonses.AsNoTracking().SelectMany(s => s.Escalations).Select(e => new { e.DueAt, e.TakenAt }).ToListAsync())
            .Select(e => (e.TakenAt - e.DueAt).TotalMilliseconds)
            .Order()
            .ToList();
        var missed = count - lateness.Count;
        var doubled = taken.Values.Count(n => n > 1);
        Console.WriteLine($"  lateness (taken − due, ms): p50 {P(lateness, 0.5):0}  p99 {P(lateness, 0.99):0}  max {lateness.LastOrDefault():0}  (min {lateness.FirstOrDefault():0})");
        Console.WriteLine($"  steps taken {lateness.Count} of {count}; missed {missed}; doubled {doubled}");
        var monitoring = host.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        var late = lateness.Count(l => l > 1000);
        Console.WriteLine($"  steps later than 1 s: {late}; Hangfire: {monitoring.SucceededListCount()} succeeded, {monitoring.FailedCount()} failed, {monitoring.ScheduledCount()} still scheduled");
        await host.StopAsync();
    }

    private static double P(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
