using System.Diagnostics;
using System.Globalization;
using Dispatch.Infrastructure.Queries;
using Dispatch.Tests.Shared;
using Dispatch.Web.Walls;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What one refresh of a wall costs (issue: the situation wall). Usage:
///   dotnet run -c Release --project tests/Dispatch.Benchmarks -- wall [--loads 100]
/// Starts the app on the demo county (temp SQLite, ~800 cases) and reads every shipped wall's
/// data the way the page does on a notice, N times; prints p50/p99/max milliseconds. The wall
/// must show an event within one second, with the throttle (500 ms) in front of this read.
/// </summary>
internal static class WallBenchmark
{
    public static async Task RunAsync(string[] arguments)
    {
        var index = Array.IndexOf(arguments, "--loads");
        var loads = index >= 0 && index + 1 < arguments.Length ? int.Parse(arguments[index + 1], CultureInfo.InvariantCulture) : 100;
        using var app = new DispatchWebFactory();
        var catalog = app.Services.GetRequiredService<WallCatalog>();
        var queries = app.Services.GetRequiredService<WallQueries>();
        var loader = app.Services.GetRequiredService<WallDataLoader>();
        Console.WriteLine($"wall benchmark: {Environment.ProcessorCount} cores, SQLite demo county, {loads} loads per wall");

        foreach (var name in catalog.Names())
        {
            var layout = catalog.Find(name)!.Layout!;
            var scope = (await queries.ScopeAsync(layout.Center, default))!;
            for (var i = 0; i < 5; i++)
            {
                await loader.LoadAsync(layout, scope, default);
            }

            var times = new List<double>();
            for (var i = 0; i < loads; i++)
            {
                var watch = Stopwatch.StartNew();
                await loader.LoadAsync(layout, scope, default);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-14} {layout.Tiles.Count,2} tiles: p50 {P(times, 0.5):0.0} ms, p99 {P(times, 0.99):0.0} ms, max {times[^1]:0.0} ms"));
        }
    }

    private static double P(IReadOnlyList<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
