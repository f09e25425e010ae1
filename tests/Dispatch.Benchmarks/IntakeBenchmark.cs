using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Dispatch.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// Case intake over the REST API against a baseline measured in the same run (issue:
/// performance against baselines). Usage:
///   dotnet run -c Release --project tests/Dispatch.Benchmarks -- intake [--concurrency 8,32] [--seconds 10] [--runs 3]
/// The same load generator (HttpClient, N requests in flight) drives Dispatch's
/// <c>POST /api/v1/cases</c> (Release build; the Testing environment, since Production refuses to
/// start on the demo keys and data; SQLite, the demo county, jobs on, logging at Warning) and a
/// minimal endpoint that inserts one row with EF Core into its own SQLite file. Prints cases/s,
/// p50/p99 latency and process CPU per case for each, min/median/max over the runs, and the
/// ratio. The generator runs in the same process as both servers, so CPU per case includes its
/// share; it is the same share on both sides.
/// </summary>
internal static class IntakeBenchmark
{
    public static async Task RunAsync(string[] arguments)
    {
        var levels = (YearDatabase.Option(arguments, "--concurrency") ?? "8,32").Split(',').Select(int.Parse).ToList();
        var seconds = int.Parse(YearDatabase.Option(arguments, "--seconds") ?? "10", CultureInfo.InvariantCulture);
        var runs = int.Parse(YearDatabase.Option(arguments, "--runs") ?? "3", CultureInfo.InvariantCulture);
        // --only dispatch: no baseline, for a profiler attached to the process (dotnet-trace).
        var onlyDispatch = YearDatabase.Option(arguments, "--only") == "dispatch";
        Console.WriteLine($"intake benchmark (pid {Environment.ProcessId}): {Environment.ProcessorCount} cores, SQLite, {seconds} s per run, {runs} runs per measure");

        using var app = DispatchWebFactory.WithRealServer(settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        var dispatch = app.ServerAddress;
        await using var baseline = await Baseline.StartAsync();

        foreach (var concurrency in levels)
        {
            var ours = new List<Result>();
            var theirs = new List<Result>();
            for (var run = 0; run < runs; run++)
            {
                if (!onlyDispatch)
                {
                    theirs.Add(await LoadAsync(baseline.Address, "/cases", null, concurrency, TimeSpan.FromSeconds(seconds)));
                }

                ours.Add(await LoadAsync(dispatch, "/api/v1/cases", "demo-12345-key", concurrency, TimeSpan.FromSeconds(seconds)));
            }

            Print($"Dispatch POST /api/v1/cases, concurrency {concurrency}", ours);
            if (onlyDispatch)
            {
                continue;
            }

            Print($"baseline (EF insert), concurrency {concurrency}", theirs);
            var ratio = Median(ours, r => r.PerSecond) / Median(theirs, r => r.PerSecond);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio (median cases/s): {ratio:0.00}×"));
        }
    }

    private sealed record Result(double PerSecond, double P50, double P99, double CpuPerCase, int Errors);

    private static async Task<Result> LoadAsync(Uri server, string path, string? key, int concurrency, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = server };
        var latencies = new List<double>();
        var errors = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var n = 0;
        async Task Worker()
        {
            while (clock.Elapsed < duration)
            {
                var i = Interlocked.Increment(ref n);
                using var request = Request(path, key, HotlineTicket(i, "bench"));

                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                {
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        latencies.Add(elapsed);
                    }
                    else
                    {
                        errors++;
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker)));
        var wall = clock.Elapsed.TotalSeconds;
        var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        latencies.Sort();
        return new Result(latencies.Count / wall, Percentile(latencies, 0.5), Percentile(latencies, 0.99), used / Math.Max(1, latencies.Count), errors);
    }

    /// <summary>A POST of <paramref name="body"/> under a new idempotency key, with the API key when there is one.</summary>
    internal static HttpRequestMessage Request(string path, string? key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }

    /// <summary>A hotline ticket as the 12345 system files it; every one a different person, its external id tagged with the run.</summary>
    internal static string HotlineTicket(int i, string run) => $$"""
        {
          "category": "propertyManagement",
          "title": "小区电梯停运",
          "description": "3 号楼电梯停运三天，老人无法下楼，请协调物业尽快维修。",
          "parties": [{ "name": "赵某{{i % 1000}}", "phone": "139{{i % 100_000_000:D8}}" }],
          "township": "DJ",
          "village": "DHL",
          "address": "东环路社区 {{i % 30}} 号楼",
          "externalId": "12345-{{run}}-{{i}}"
        }
        """;

    private static void Print(string name, List<Result> results)
    {
        string Range(Func<Result, double> pick, string format) =>
            string.Create(CultureInfo.InvariantCulture, $"{results.Min(pick).ToString(format, CultureInfo.InvariantCulture)}/{Median(results, pick).ToString(format, CultureInfo.InvariantCulture)}/{results.Max(pick).ToString(format, CultureInfo.InvariantCulture)}");
        Console.WriteLine($"  {name,-48} cases/s {Range(r => r.PerSecond, "0")}   p50 {Range(r => r.P50, "0.0")} ms   p99 {Range(r => r.P99, "0.0")} ms   CPU/case {Range(r => r.CpuPerCase, "0.00")} ms   errors {results.Sum(r => r.Errors)}  (min/median/max of {results.Count})");
    }

    private static double Median(List<Result> results, Func<Result, double> pick) => results.Select(pick).Order().ElementAt(results.Count / 2);

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    /// <summary>The baseline: one endpoint that reads the same JSON and inserts one row with EF Core into SQLite (WAL, as the app).</summary>
    private sealed class Baseline : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly string _folder;

        private Baseline(WebApplication app, string folder)
        {
            _app = app;
            _folder = folder;
        }

        public Uri Address => new(_app.Urls.First());

        public static async Task<Baseline> StartAsync()
        {
            var folder = Directory.CreateTempSubdirectory("dispatch-intake-baseline-").FullName;
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            builder.Services.AddDbContextFactory<BaselineDb>(o => o.UseSqlite($"Data Source={Path.Combine(folder, "baseline.db")}"));
            var app = builder.Build();
            await using (var db = await app.Services.GetRequiredService<IDbContextFactory<BaselineDb>>().CreateDbContextAsync())
            {
                await db.Database.EnsureCreatedAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }

            app.MapPost("/cases", async (HttpContext http, IDbContextFactory<BaselineDb> factory) =>
            {
                var ticket = await http.Request.ReadFromJsonAsync<Ticket>();
                await using var db = await factory.CreateDbContextAsync();
                var row = new BaselineCase { Id = Guid.CreateVersion7(), Title = ticket!.Title, Description = ticket.Description, Address = ticket.Address, ExternalId = ticket.ExternalId, ReceivedAt = DateTime.UtcNow };
                db.Cases.Add(row);
                await db.SaveChangesAsync();
                return Results.Created($"/cases/{row.Id}", new { id = row.Id });
            });
            await app.StartAsync();
            return new Baseline(app, folder);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private sealed record Ticket(string Title, string Description, string? Address, string? ExternalId);

    private sealed class BaselineCase
    {
        public Guid Id { get; set; }

        public string Title { get; set; } = string.Empty;

        public string Description { get; set; } = string.Empty;

        public string? Address { get; set; }

        public string? ExternalId { get; set; }

        public DateTime ReceivedAt { get; set; }
    }

    private sealed class BaselineDb(DbContextOptions<BaselineDb> options) : DbContext(options)
    {
        public DbSet<BaselineCase> Cases => Set<BaselineCase>();
    }
}
