using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Whistles;
using Dispatch.Tests.Shared;
using Dispatch.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// Hub latency benchmark (issue: whistle and report, live); "soak" runs SoakBenchmark, "escalation" runs EscalationBenchmark, "presence" PresenceBenchmark, "wall" WallBenchmark, "reports" ReportsBenchmark, "township" TownshipBenchmark, "intake" IntakeBenchmark. Usage:
//   dotnet run -c Release --project tests/Dispatch.Benchmarks -- [--clients 500,2000] [--whistles 20] [--interval-ms 500]
// For each N it starts the app on a free loopback port (temp SQLite, demo county), connects N
// department-staff clients with the official SignalR JS client (node), blows whistles that
// summon every department through the app's own use case, and prints commit → received latency.
internal static class HubBenchmark
{
    public static async Task Main(string[] arguments)
    {
        if (arguments.Length > 0 && arguments[0] == "escalation")
        {
            await EscalationBenchmark.RunAsync(arguments);
            return;
        }

        if (arguments.Length > 0 && arguments[0] == "wall")
        {
            await WallBenchmark.RunAsync(arguments);
            return;
        }

        if (arguments.Length > 0 && arguments[0] == "reports")
        {
            await ReportsBenchmark.RunAsync(arguments);
            return;
        }

        if (arguments.Length > 0 && arguments[0] == "intake")
        {
            await IntakeBenchmark.RunAsync(arguments);
            return;
        }

        if (arguments.Length > 0 && arguments[0] == "township")
        {
            await TownshipBenchmark.RunAsync(arguments);
            return;
        }

        if (arguments.Length > 0 && arguments[0] == "soak")
        {
            await SoakBenchmark.RunAsync(arguments);
            return;
        }

        if (arguments.Length > 0 && arguments[0] == "presence")
        {
            await PresenceBenchmark.RunAsync(arguments);
            return;
        }

        var clients = Option("--clients", "500,2000").Split(',').Select(int.Parse).ToList();
        var whistles = int.Parse(Option("--whistles", "20"), CultureInfo.InvariantCulture);
        var interval = TimeSpan.FromMilliseconds(int.Parse(Option("--interval-ms", "500"), CultureInfo.InvariantCulture));
        Console.WriteLine($"hub benchmark: {Environment.ProcessorCount} cores, {whistles} whistles per run, {interval.TotalMilliseconds} ms apart; baseline: a bare SignalR hub in the same process, same JS client, same notice, same number of groups");

        // --set Key=Value (repeatable): a setting of the app under test, e.g. --set Sms:Enabled=false to see what texting costs.
        var settings = YearDatabase.Settings(arguments);
        await using var bare = await BareHubServer.StartAsync();
        foreach (var n in clients)
        {
            var ours = await RunAsync(n);
            var theirs = await RunBareAsync(n, ours.Groups);
            Print("Dispatch", ours);
            Print("bare hub", theirs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio: p50 {ours.P50 / theirs.P50:0.00}×  p99 {ours.P99 / theirs.P99:0.00}×  first whistle {ours.First / theirs.First:0.00}×  memory per connection {ours.BytesPerConnection / theirs.BytesPerConnection:0.00}×"));
        }

        static void Print(string name, HubRun run)
        {
            Console.WriteLine();
            Console.WriteLine($"{name}: N = {run.Connections} connections ({run.Connected} connected), {run.Whistles} whistles to {run.Groups} groups");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  commit → received (ms): p50 {run.P50:0.0}  p95 {run.P95:0.0}  p99 {run.P99:0.0}  max {run.Max:0.0}; the first whistle after start-up p50 {run.First:0.0}"));
            Console.WriteLine($"  delivered {run.Unique} of {run.Expected}; lost {run.Expected - run.Unique}; duplicates {run.Duplicates}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  server memory per connection: {run.BytesPerConnection / 1024:0.0} KB (working set {run.WorkingSetPerConnection / 1024:0.0} KB)"));
        }

        static HubRun Summarize(int connections, int connected, int groups, IReadOnlyCollection<string> sent, string? first, IEnumerable<(string Whistle, double At, int Connection)> arrivals, IReadOnlyDictionary<string, double> commits, (long Heap, long WorkingSet) memory)
        {
            var mine = arrivals.Where(a => sent.Contains(a.Whistle)).ToList();
            var latencies = mine.Select(a => a.At - commits[a.Whistle]).Order().ToList();
            var firstLatencies = mine.Where(a => a.Whistle == first).Select(a => a.At - commits[a.Whistle]).Order().ToList();
            var unique = mine.Select(a => (a.Whistle, a.Connection)).Distinct().Count();
            return new HubRun(connections, connected, sent.Count, groups, P(latencies, 0.50), P(latencies, 0.95), P(latencies, 0.99), latencies.LastOrDefault(), P(firstLatencies, 0.50),
                unique, connected * sent.Count, mine.Count - unique, (double)memory.Heap / Math.Max(1, connected), (double)memory.WorkingSet / Math.Max(1, connected));
        }

        static (long Heap, long WorkingSet) Memory()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
        }

        static async Task<(List<NodeClient> Nodes, int Connected)> ConnectAsync(Uri baseUrl, string cookieFile, int connections)
        {
            var perProcess = 1000;
            var nodes = Enumerable.Range(0, (connections + perProcess - 1) / perProcess)
                .Select(i => NodeClient.Start(baseUrl, cookieFile, Math.Min(perProcess, connections - i * perProcess), i * perProcess))
                .ToList();
            var connected = 0;
            foreach (var node in nodes)
            {
                var ready = await node.ReadyAsync();
                connected += ready.Connected;
                if (ready.Failed > 0)
                {
                    Console.WriteLine($"  {ready.Failed} connections failed to start");
                }
            }

            return (nodes, connected);
        }

        static async Task<List<(string Whistle, double At, int Connection)>> StopAsync(List<NodeClient> nodes)
        {
            var arrivals = new List<(string Whistle, double At, int Connection)>();
            foreach (var node in nodes)
            {
                arrivals.AddRange(await node.StopAsync());
            }

            return arrivals;
        }

        async Task<HubRun> RunAsync(int connections)
        {
            var commits = new ConcurrentDictionary<string, double>();
            using var app = DispatchWebFactory.WithRealServer(
                services => services.AddSingleton<IDomainEventPublisher>(sp => new CommitClock(sp.GetRequiredService<InProcessEventBus>(), commits)),
                settings);
            var baseUrl = app.ServerAddress;
            var (cookies, director, departments) = await PrepareAsync(app, baseUrl);
            var cookieFile = Path.GetTempFileName();
            await File.WriteAllTextAsync(cookieFile, JsonSerializer.Serialize(cookies));

            var before = Memory();
            var (nodes, connected) = await ConnectAsync(baseUrl, cookieFile, connections);
            var after = Memory();
            var commands = app.Services.GetRequiredService<WhistleCommands>();
            var cases = await FreeCasesAsync(app, whistles);
            var ours = new List<string>();
            foreach (var caseId in cases)
            {
                ours.Add((await commands.BlowAsync(director, caseId, departments, ResponsePolicy.Urgent, "benchmark")).ToString());
                await Task.Delay(interval);
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            var arrivals = await StopAsync(nodes);
            File.Delete(cookieFile);
            // A whistle to every department goes to each department's group and the county's command and wall groups.
            return Summarize(connections, connected, departments.Count + 2, [.. ours], ours.FirstOrDefault(), arrivals, commits, (after.Heap - before.Heap, after.WorkingSet - before.WorkingSet));
        }

        async Task<HubRun> RunBareAsync(int connections, int groups)
        {
            var cookieFile = Path.GetTempFileName();
            await File.WriteAllTextAsync(cookieFile, JsonSerializer.Serialize(Enumerable.Range(0, groups).Select(g => $"group={g}")));
            var before = Memory();
            var (nodes, connected) = await ConnectAsync(bare.Address, cookieFile, connections);
            var after = Memory();
            var commits = new ConcurrentDictionary<string, double>();
            var sent = new List<string>();
            for (var i = 0; i < whistles; i++)
            {
                var notice = new DispatchNotice(NoticeKind.WhistleBlown, Guid.NewGuid(), $"GZ-2026-{i:D6}-X", Guid.NewGuid(), null, [.. Enumerable.Range(0, groups - 2).Select(_ => Guid.NewGuid())], $"案件 GZ-2026-{i:D6}-X 吹哨，请立即报到", DateTimeOffset.UtcNow)
                {
                    CenterIds = [Guid.NewGuid()],
                };
                commits[notice.WhistleId!.Value.ToString()] = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
                await bare.SendAsync(notice, groups);
                sent.Add(notice.WhistleId!.Value.ToString());
                await Task.Delay(interval);
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            var arrivals = await StopAsync(nodes);
            File.Delete(cookieFile);
            return Summarize(connections, connected, groups, sent, sent.FirstOrDefault(), arrivals, commits, (after.Heap - before.Heap, after.WorkingSet - before.WorkingSet));
        }

        static double P(IReadOnlyList<double> sorted, double p) =>
            sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

        string Option(string name, string fallback)
        {
            var index = Array.IndexOf(arguments, name);
            return index >= 0 && index + 1 < arguments.Length ? arguments[index + 1] : fallback;
        }

        static async Task<(List<string> Cookies, Operator Director, List<Guid> Departments)> PrepareAsync(DispatchWebFactory app, Uri baseUrl)
        {
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
            var staff = await db.Staff.AsNoTracking().ToListAsync();
            var director = staff.Single(s => s.UserName == "director");
            var cookies = new List<string>();
            foreach (var user in staff.Where(s => s.Role == StaffRole.DepartmentStaff))
            {
                cookies.Add(await SignIn.CookieAsync(baseUrl, user.UserName));
            }

            var departments = await db.Departments.Select(d => d.Id).ToListAsync();
            return (cookies, new Operator(director.Id, director.DisplayName, StaffRole.Director, null), departments);
        }

        static async Task<List<Guid>> FreeCasesAsync(DispatchWebFactory app, int count)
        {
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
            var busy = await db.Whistles.Where(w => w.Status == WhistleStatus.Open).Select(w => w.CaseId).ToListAsync();
            var cases = await db.Cases
                .Where(c => c.Status != Dispatch.Domain.Cases.CaseStatus.Closed && c.Status != Dispatch.Domain.Cases.CaseStatus.Rejected && !busy.Contains(c.Id))
                .Select(c => c.Id).Take(count).ToListAsync();
            if (cases.Count < count)
            {
                Console.WriteLine($"  only {cases.Count} open cases without a running whistle; blowing {cases.Count} whistles");
            }

            return cases;
        }
    }
}

internal sealed record HubRun(int Connections, int Connected, int Whistles, int Groups, double P50, double P95, double P99, double Max, double First, int Unique, int Expected, int Duplicates, double BytesPerConnection, double WorkingSetPerConnection);

/// <summary>Stamps the moment each whistle's events are handed over after the commit, then passes them on.</summary>
internal sealed class CommitClock(InProcessEventBus inner, ConcurrentDictionary<string, double> commits) : IDomainEventPublisher
{
    public Task PublishAsync(IReadOnlyList<IDomainEvent> events, CancellationToken cancellationToken)
    {
        var now = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
        foreach (var blown in events.OfType<WhistleBlown>())
        {
            commits.TryAdd(blown.WhistleId.ToString(), now);
        }

        return inner.PublishAsync(events, cancellationToken);
    }
}

/// <summary>A node process running tests/hub-client/bench.mjs.</summary>
internal sealed class NodeClient
{
    private readonly Process _process;
    private readonly List<(string, double, int)> _arrivals = [];
    private readonly TaskCompletionSource<(int Connected, int Failed)> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _keep;
    private long _arrived;

    private NodeClient(Process process, bool keep)
    {
        _process = process;
        _keep = keep;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
    }

    /// <summary>Notices received so far (all of them, kept or not).</summary>
    public long Arrived => Interlocked.Read(ref _arrived);

    /// <param name="keep">Keep every arrival for latencies; a long run only counts them, so the benchmark's own memory stays flat.</param>
    public static NodeClient Start(Uri baseUrl, string cookieFile, int connections, int firstIndex, bool keep = true)
    {
        var info = new ProcessStartInfo("node") { WorkingDirectory = Dispatch.Tests.Shared.HubClientFolder.Find(), RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "bench.mjs", baseUrl.ToString(), cookieFile, connections.ToString(CultureInfo.InvariantCulture), firstIndex.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        return new NodeClient(Process.Start(info)!, keep);
    }

    public Task<(int Connected, int Failed)> ReadyAsync() => _ready.Task.WaitAsync(TimeSpan.FromMinutes(5));

    public async Task<List<(string, double, int)>> StopAsync()
    {
        await _process.StandardInput.WriteLineAsync("stop");
        await _done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await _process.WaitForExitAsync();
        lock (_arrivals)
        {
            return [.. _arrivals];
        }
    }

    private void OnLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        if (root.TryGetProperty("type", out var type))
        {
            if (type.GetString() == "ready")
            {
                _ready.TrySetResult((root.GetProperty("connected").GetInt32(), root.GetProperty("failed").GetInt32()));
            }
            else if (type.GetString() == "done")
            {
                _done.TrySetResult();
            }

            return;
        }

        Interlocked.Increment(ref _arrived);
        if (!_keep)
        {
            return;
        }

        lock (_arrivals)
        {
            _arrivals.Add((root.GetProperty("w").GetString()!, root.GetProperty("t").GetDouble(), root.GetProperty("c").GetInt32()));
        }
    }
}

/// <summary>Signs in through the form like a browser and returns the cookie header for the hub.</summary>
internal static class SignIn
{
    public static async Task<string> CookieAsync(Uri baseUrl, string userName)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl };
        var page = await http.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var marker = "name=\"__RequestVerificationToken\" value=\"";
        var start = page.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var token = page[start..page.IndexOf('"', start)];
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["userName"] = userName, ["password"] = "Dispatch@2026" });
        using var response = await http.PostAsync(new Uri("/account/signin", UriKind.Relative), form);
        return handler.CookieContainer.GetCookieHeader(baseUrl);
    }
}
