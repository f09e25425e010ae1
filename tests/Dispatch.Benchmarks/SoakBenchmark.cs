using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Dispatch.Domain.Organization;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Whistles;
using Dispatch.Tests.Shared;
using Dispatch.Web.Walls;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// A long run of mixed load, to see memory stay flat and errors stay at 0 (issue: performance,
/// the soak; not in CI). Usage:
///   dotnet run -c Release --project tests/Dispatch.Benchmarks -- soak [--minutes 30] [--clients 2000] [--whistle-seconds 5] [--intake-per-second 20]
/// One app (Release, SQLite, the demo county, jobs and texts on, logging at Warning) under:
/// N department hub clients (the official JS client in node); a whistle every few seconds to
/// one department, acknowledged by its staff a second later four times in five (the fifth is
/// left to the escalation ladder); API intake at a steady rate; the county wall's data read on
/// every whistle as an open wall does, and its page rendered every 10 s; the county report over
/// the last month every minute. Prints, each minute: managed heap and working set, handles,
/// threads, the thread-pool queue, what was done, hub notices received and errors (failed
/// requests, failed actions, Error lines in the app's log).
/// </summary>
internal static class SoakBenchmark
{
    public static async Task RunAsync(string[] arguments)
    {
        var minutes = int.Parse(YearDatabase.Option(arguments, "--minutes") ?? "30", CultureInfo.InvariantCulture);
        var clients = int.Parse(YearDatabase.Option(arguments, "--clients") ?? "2000", CultureInfo.InvariantCulture);
        var whistleEvery = TimeSpan.FromSeconds(double.Parse(YearDatabase.Option(arguments, "--whistle-seconds") ?? "5", CultureInfo.InvariantCulture));
        var intakeRate = int.Parse(YearDatabase.Option(arguments, "--intake-per-second") ?? "20", CultureInfo.InvariantCulture);
        Console.WriteLine($"soak benchmark: {Environment.ProcessorCount} cores, {minutes} min, {clients} hub clients, a whistle every {whistleEvery.TotalSeconds:0.#} s, intake {intakeRate} cases/s, the wall on every whistle, a report every minute");

        using var app = DispatchWebFactory.WithRealServer(settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        var baseUrl = app.ServerAddress;
        var services = app.Services;
        var (cookies, pairs) = await PrepareAsync(services, baseUrl);
        var cookieFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(cookieFile, JsonSerializer.Serialize(cookies));
        var nodes = Enumerable.Range(0, (clients + 999) / 1000).Select(i => NodeClient.Start(baseUrl, cookieFile, Math.Min(1000, clients - i * 1000), i * 1000, keep: false)).ToList();
        var connected = 0;
        foreach (var node in nodes)
        {
            connected += (await node.ReadyAsync()).Connected;
        }

        Console.WriteLine($"  {connected} of {clients} hub clients connected");
        var counters = new Counters();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        var loops = new[]
        {
            Task.Run(() => WhistlesAsync(services, pairs, whistleEvery, counters, stop.Token)),
            Task.Run(() => IntakeAsync(baseUrl, intakeRate, counters, stop.Token)),
            Task.Run(() => WallAsync(services, baseUrl, counters, stop.Token)),
            Task.Run(() => ReportsAsync(services, counters, stop.Token)),
        };

        Console.WriteLine("  min   heap MB   working set MB   handles   threads   pool queue   cases   whistles   acks   reports   walls   hub notices   errors   app error lines");
        var started = Stopwatch.StartNew();
        for (var minute = 1; minute <= minutes; minute++)
        {
            var next = TimeSpan.FromMinutes(minute) - started.Elapsed;
            if (next > TimeSpan.Zero)
            {
                await Task.Delay(next);
            }

            using var process = Process.GetCurrentProcess();
            var heap = GC.GetTotalMemory(forceFullCollection: false) / 1024.0 / 1024;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {minute,3}   {heap,7:0}   {process.WorkingSet64 / 1024.0 / 1024,14:0}   {process.HandleCount,7}   {process.Threads.Count,7}   {ThreadPool.PendingWorkItemCount,10}   {counters.Cases,5}   {counters.Whistles,8}   {counters.Acks,4}   {counters.Reports,7}   {counters.Walls,5}   {nodes.Sum(n => n.Arrived),11}   {counters.Errors,6}   {app.ErrorLines.Count,15}"));
        }

        await stop.CancelAsync();
        await Task.WhenAll(loops);
        foreach (var node in nodes)
        {
            await node.StopAsync();
        }

        File.Delete(cookieFile);
        foreach (var line in counters.FirstErrors.Concat(app.ErrorLines).Take(10))
        {
            Console.WriteLine($"  error: {line}");
        }
    }

    private sealed class Counters
    {
        private long _cases, _whistles, _acks, _reports, _walls, _errors;

        public long Cases => Interlocked.Read(ref _cases);

        public long Whistles => Interlocked.Read(ref _whistles);

        public long Acks => Interlocked.Read(ref _acks);

        public long Reports => Interlocked.Read(ref _reports);

        public long Walls => Interlocked.Read(ref _walls);

        public long Errors => Interlocked.Read(ref _errors);

        public System.Collections.Concurrent.ConcurrentQueue<string> FirstErrors { get; } = new();

        public void Case() => Interlocked.Increment(ref _cases);

        public void Whistle() => Interlocked.Increment(ref _whistles);

        public void Ack() => Interlocked.Increment(ref _acks);

        public void Report() => Interlocked.Increment(ref _reports);

        public void Wall() => Interlocked.Increment(ref _walls);

        public void Error(string what)
        {
            if (Interlocked.Increment(ref _errors) <= 10)
            {
                FirstErrors.Enqueue(what);
            }
        }
    }

    /// <summary>The department staff's cookies for the hub clients, and for each county department with staff, the department and one of its accounts.</summary>
    private static async Task<(List<string> Cookies, List<(string Department, string Staff)> Pairs)> PrepareAsync(IServiceProvider services, Uri baseUrl)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var county = await db.Centers.Where(c => c.Level == CenterLevel.County).Select(c => c.Id).SingleAsync();
        var staff = await db.Staff.AsNoTracking().Where(s => s.Role == StaffRole.DepartmentStaff).ToListAsync();
        var departments = await db.Departments.AsNoTracking().Where(d => d.CenterId == county).ToDictionaryAsync(d => d.Id, d => d.ShortName);
        var cookies = new List<string>();
        foreach (var user in staff)
        {
            cookies.Add(await SignIn.CookieAsync(baseUrl, user.UserName));
        }

        var pairs = staff.Where(s => s.DepartmentId is { } id && departments.ContainsKey(id))
            .GroupBy(s => s.DepartmentId!.Value).Select(g => (departments[g.Key], g.First().UserName)).ToList();
        return (cookies, pairs);
    }

    private static async Task WhistlesAsync(IServiceProvider services, List<(string Department, string Staff)> pairs, TimeSpan every, Counters counters, CancellationToken stop)
    {
        var commands = services.GetRequiredService<WhistleCommands>();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var (department, staff) = pairs[i % pairs.Count];
            try
            {
                var whistle = await DemoActions.BlowAsync(services, department, $"soak {i}");
                counters.Whistle();
                if (i % 5 != 4)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stop);
                    var user = await DemoActions.OperatorAsync(services, staff);
                    await commands.AcknowledgeAsync(user, await DemoActions.SummonsIdAsync(services, whistle, department), stop);
                    counters.Ack();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                counters.Error($"whistle {i} to {department}: {ex.GetType().Name}: {ex.Message}");
            }

            await Pause(every, stop);
        }
    }

    private static async Task IntakeAsync(Uri baseUrl, int perSecond, Counters counters, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = baseUrl };
        var clock = Stopwatch.StartNew();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond) - clock.Elapsed;
            if (!await Pause(due, stop))
            {
                return;
            }

            try
            {
                using var request = IntakeBenchmark.Request("/api/v1/cases", "demo-12345-key", IntakeBenchmark.HotlineTicket(i, "soak"));
                using var response = await http.SendAsync(request, stop);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    counters.Case();
                }
                else
                {
                    counters.Error($"intake {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stop)}");
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                counters.Error($"intake {i}: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    /// <summary>An open wall reads its data on every notice; here on every whistle, and its page is rendered every 10 s.</summary>
    private static async Task WallAsync(IServiceProvider services, Uri baseUrl, Counters counters, CancellationToken stop)
    {
        var catalog = services.GetRequiredService<WallCatalog>();
        var layout = catalog.Find("county-3x2")!.Layout!;
        var scope = (await services.GetRequiredService<WallQueries>().CountyScopeAsync(stop))!;
        var loader = services.GetRequiredService<WallDataLoader>();
        using var http = new HttpClient { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Add("Cookie", await SignIn.CookieAsync(baseUrl, "wall"));
        var seen = counters.Whistles;
        for (var tick = 0; !stop.IsCancellationRequested; tick++)
        {
            try
            {
                if (counters.Whistles != seen)
                {
                    seen = counters.Whistles;
                    await loader.LoadAsync(layout, scope, stop);
                    counters.Wall();
                }

                if (tick % 20 == 0)
                {
                    using var response = await http.GetAsync(new Uri("/wall/county-3x2", UriKind.Relative), stop);
                    if (!response.IsSuccessStatusCode)
                    {
                        counters.Error($"wall page: {(int)response.StatusCode}");
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                counters.Error($"wall: {ex.GetType().Name}: {ex.Message}");
            }

            await Pause(TimeSpan.FromMilliseconds(500), stop);
        }
    }

    private static async Task ReportsAsync(IServiceProvider services, Counters counters, CancellationToken stop)
    {
        var reports = services.GetRequiredService<ReportQueries>();
        var scope = (await services.GetRequiredService<WallQueries>().CountyScopeAsync(stop))!;
        var clock = services.GetRequiredService<TimeProvider>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                await reports.ReportAsync(scope, new Dispatch.Domain.Kpis.Period(now.AddDays(-30), now), stop);
                counters.Report();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                counters.Error($"report: {ex.GetType().Name}: {ex.Message}");
            }

            await Pause(TimeSpan.FromMinutes(1), stop);
        }
    }

    /// <summary>Waits, or returns false when the run is over.</summary>
    private static async Task<bool> Pause(TimeSpan wait, CancellationToken stop)
    {
        try
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, stop);
            }

            return !stop.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
