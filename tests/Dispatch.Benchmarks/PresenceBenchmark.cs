using System.Diagnostics;
using System.Globalization;
using Dispatch.Domain.Presence;
using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.ScaleOut;
using Dispatch.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

/// <summary>
/// Presence heartbeats (issue: presence in Redis). Usage:
///   dotnet run -c Release --project tests/Dispatch.Benchmarks -- presence [--staff 2000] [--rounds 50]
/// Starts a private redis-server and beats for N staff (one terminal each, 14 departments)
/// through the app's own Redis presence store on StackExchange.Redis, two ways: batched as the
/// tracker does (one pipelined batch per node per 15-second tick) and one call per heartbeat
/// (the worst case). Prints the commands Redis executed per heartbeat (its own counter),
/// heartbeats per second, and the CPU both sides spent.
/// </summary>
internal static class PresenceBenchmark
{
    public static async Task RunAsync(string[] arguments)
    {
        string Option(string name, string fallback)
        {
            var index = Array.IndexOf(arguments, name);
            return index >= 0 && index + 1 < arguments.Length ? arguments[index + 1] : fallback;
        }

        var staff = int.Parse(Option("--staff", "2000"), CultureInfo.InvariantCulture);
        var rounds = int.Parse(Option("--rounds", "50"), CultureInfo.InvariantCulture);
        using var server = new RedisServer();
        var settings = new RedisSettings { Configuration = server.Configuration + ",allowAdmin=true" };
        await using var connection = await ConnectionMultiplexer.ConnectAsync(settings.ToOptions());
        var redis = connection.GetServer(connection.GetEndPoints()[0]);
        var store = new RedisPresenceStore(connection, settings, TimeProvider.System, NullLogger<RedisPresenceStore>.Instance);
        var departments = Enumerable.Range(0, 14).Select(_ => Guid.NewGuid()).ToList();
        var beats = Enumerable.Range(0, staff).Select(i => new PresenceBeat(departments[i % departments.Count], Guid.NewGuid(), $"circuit:{i}")).ToList();
        Console.WriteLine($"presence benchmark: {Environment.ProcessorCount} cores, {staff} staff in {departments.Count} departments, redis-server {server.Port}");
        await store.BeatAsync(beats, default);

        await MeasureAsync("batched (one round trip per tick)", rounds, staff, async () => await store.BeatAsync(beats, default));
        await MeasureAsync("one call per heartbeat, 64 at a time", Math.Max(1, rounds / 10), staff, async () =>
            await Parallel.ForEachAsync(beats, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (beat, token) => await store.BeatAsync([beat], token)));

        var reads = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var present = await store.ReadAsync(departments, default);
            reads.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (present.Values.Sum(s => s.Count) != staff)
            {
                throw new InvalidOperationException("presence lost entries during the benchmark");
            }
        }

        reads.Sort();
        Console.WriteLine($"  board read (14 departments, {staff} present): p50 {reads[reads.Count / 2]:0.00} ms, p99 {reads[(int)(reads.Count * 0.99)]:0.00} ms");
        var needed = staff / PresenceRules.HeartbeatInterval.TotalSeconds;
        Console.WriteLine($"  needed in production: {needed:0} heartbeats/s ({staff} staff, one beat per {PresenceRules.HeartbeatInterval.TotalSeconds:0} s)");

        async Task<long> CommandsAsync()
        {
            var stats = await redis.InfoAsync("stats");
            return long.Parse(stats.SelectMany(g => g).Single(p => p.Key == "total_commands_processed").Value, CultureInfo.InvariantCulture);
        }

        async Task MeasureAsync(string label, int times, int perRound, Func<Task> round)
        {
            var commandsBefore = await CommandsAsync();
            var appCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var redisCpu = RedisCpu(server.ProcessId!.Value);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < times; i++)
            {
                await round();
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            var total = (double)times * perRound;
            var commands = await CommandsAsync() - commandsBefore - 1;
            var appMs = (Process.GetCurrentProcess().TotalProcessorTime - appCpu).TotalMilliseconds;
            var redisMs = (RedisCpu(server.ProcessId!.Value) - redisCpu).TotalMilliseconds;
            Console.WriteLine($"  {label}: {total:0} heartbeats in {elapsed.TotalSeconds:0.00} s = {total / elapsed.TotalSeconds:0} heartbeats/s; "
                + $"{commands / total:0.###} Redis commands per heartbeat; "
                + $"CPU per 1,000 heartbeats: app {appMs / total * 1000:0.0} ms, redis-server {redisMs / total * 1000:0.0} ms");
        }
    }

    /// <summary>User + system CPU of a process, from /proc (Linux).</summary>
    private static TimeSpan RedisCpu(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
