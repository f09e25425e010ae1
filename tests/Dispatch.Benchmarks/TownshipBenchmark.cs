using System.Globalization;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Security;
using Dispatch.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// A township director's console and case list over a year of the whole county (issue: 三级综治中心).
/// Usage:
///   dotnet run -c Release --project tests/Dispatch.Benchmarks -- township [--cases 100000] [--database PATH] [--runs 20]
/// Measures, as 大满镇's director (dm-director), everything the console reads on each load (its
/// running whistles and open cases, the raised list, the risk warnings, the department list),
/// the case list's first page (all, open only, a search), and both pages as the server renders
/// them; the county director's console beside them. Goal: each load under 300 ms.
/// </summary>
internal static class TownshipBenchmark
{
    public static async Task RunAsync(string[] arguments)
    {
        var runs = int.Parse(YearDatabase.Option(arguments, "--runs") ?? "20", CultureInfo.InvariantCulture);
        using var app = await YearDatabase.StartAsync(arguments, "township", runs);
        var services = app.Services;
        var queries = services.GetRequiredService<DispatchQueries>();
        var risks = services.GetRequiredService<RiskQueries>();
        var scopes = services.GetRequiredService<CenterScopes>();
        var scope = (await scopes.OfAsync(await DemoActions.OperatorAsync(services, "dm-director"), default))!;
        var wallScope = new WallScope(scope.CenterId, scope.Own.Code, scope.Own.Name, scope.Own.Level);
        var open = await queries.CasesAsync(new CaseQuery(OpenOnly: true, Take: 1) { Centers = scope.Centers }, default);
        var all = await queries.CasesAsync(new CaseQuery(Take: 1) { Centers = scope.Centers }, default);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  大满镇's area: {all.Total:N0} cases, {open.Total:N0} open"));

        async Task<int> ConsoleAsync(IReadOnlyCollection<Guid>? centers, WallScope? warnings)
        {
            var overview = await queries.ConsoleAsync(centers, default);
            var raised = centers is null
                ? await queries.RaisedAsync(Dispatch.Domain.Organization.CenterLevel.County, default)
                : await queries.RaisedAsync(scope.Own.Level, scope.CenterId, default);
            var open = await risks.OpenAsync(warnings, 200, default);
            return overview.OpenCases.Count + raised.Count + open.Count;
        }

        await YearDatabase.MeasureAsync("console data, 大满镇", runs, () => ConsoleAsync(scope.Centers, wallScope));
        await YearDatabase.MeasureAsync("  of which: overview (whistles, cases, KPIs)", runs, () => queries.ConsoleAsync(scope.Centers, default));
        await YearDatabase.MeasureAsync("  of which: raised to 大满镇", runs, () => queries.RaisedAsync(scope.Own.Level, scope.CenterId, default));
        await YearDatabase.MeasureAsync("  of which: risk warnings in its area", runs, () => risks.OpenAsync(wallScope, 200, default));
        await YearDatabase.MeasureAsync("department list, 大满镇 (whistle dialog)", runs, () => queries.DepartmentsAsync(scope, default));
        await YearDatabase.MeasureAsync("case list, 大满镇, first page", runs, () => queries.CasesAsync(new CaseQuery { Centers = scope.Centers }, default));
        await YearDatabase.MeasureAsync("case list, 大满镇, open only", runs, () => queries.CasesAsync(new CaseQuery(OpenOnly: true) { Centers = scope.Centers }, default));
        await YearDatabase.MeasureAsync("case list, 大满镇, search 「纠纷」", runs, () => queries.CasesAsync(new CaseQuery("纠纷") { Centers = scope.Centers }, default));
        await YearDatabase.MeasureAsync("case list, 大满镇, page 50", runs, () => queries.CasesAsync(new CaseQuery(Skip: 49 * 20) { Centers = scope.Centers }, default));
        await YearDatabase.MeasureAsync("console data, county (for comparison)", runs, () => ConsoleAsync(null, null));

        using var http = new HttpClient { BaseAddress = app.ServerAddress };
        http.DefaultRequestHeaders.Add("Cookie", await SignIn.CookieAsync(app.ServerAddress, "dm-director"));
        await YearDatabase.MeasureAsync("page / as dm-director (server render)", runs, () => YearDatabase.GetAsync(http, "/"));
        await YearDatabase.MeasureAsync("page /cases as dm-director (server render)", runs, () => YearDatabase.GetAsync(http, "/cases"));
    }
}
