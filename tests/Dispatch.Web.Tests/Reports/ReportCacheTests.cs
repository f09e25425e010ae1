using Dispatch.Domain.Kpis;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Queries;
using Dispatch.Tests.Shared;
using Dispatch.TestSupport;
using Dispatch.Web.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Reports;

/// <summary>The page's prerender, its interactive render and the downloads share one computation per center and period for a minute.</summary>
[Collection(WebAppCollection.Name)]
public class ReportCacheTests(DispatchWebFactory factory)
{
    private static readonly TimeSpan Cst = WorkingCalendar.ChinaStandardTime;
    private static readonly Period October = new(new DateTimeOffset(2026, 10, 1, 0, 0, 0, Cst), new DateTimeOffset(2026, 11, 1, 0, 0, 0, Cst));
    private static readonly Period September = new(new DateTimeOffset(2026, 9, 1, 0, 0, 0, Cst), new DateTimeOffset(2026, 10, 1, 0, 0, 0, Cst));

    [Fact]
    public async Task One_computation_per_center_and_period_for_a_minute_and_重新统计_computes_anew()
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        var cache = new ReportCache(factory.Services.GetRequiredService<ReportQueries>(), clock);
        var walls = factory.Services.GetRequiredService<WallQueries>();
        var county = (await walls.ScopeAsync("GZ", CancellationToken.None))!;
        var township = (await walls.ScopeAsync("DM", CancellationToken.None))!;

        // Two callers at once (prerender and a download) wait for the same computation.
        var both = await Task.WhenAll(cache.GetAsync(county, October, CancellationToken.None), cache.GetAsync(county, October, CancellationToken.None));
        both[1].Report.ShouldBeSameAs(both[0].Report);
        both[0].Report.Kpis.CasesReceived.ShouldBeGreaterThan(0);

        // The same period given in another offset is the same report; another center or period is not.
        var utc = new Period(October.From.ToUniversalTime(), October.To.ToUniversalTime());
        (await cache.GetAsync(county, utc, CancellationToken.None)).Report.ShouldBeSameAs(both[0].Report);
        (await cache.GetAsync(township, October, CancellationToken.None)).Report.Scope.Code.ShouldBe("DM");
        (await cache.GetAsync(county, September, CancellationToken.None)).Report.ShouldNotBeSameAs(both[0].Report);
        cache.Count.ShouldBe(3);

        clock.Advance(TimeSpan.FromSeconds(59));
        (await cache.GetAsync(county, October, CancellationToken.None)).Report.ShouldBeSameAs(both[0].Report);
        clock.Advance(TimeSpan.FromSeconds(1));
        var after = await cache.GetAsync(county, October, CancellationToken.None);
        after.Report.ShouldNotBeSameAs(both[0].Report);
        after.Report.Kpis.CasesReceived.ShouldBe(both[0].Report.Kpis.CasesReceived);
        cache.Count.ShouldBe(1, "expired reports are dropped");

        cache.Forget(county, October);
        (await cache.GetAsync(county, October, CancellationToken.None)).Report.ShouldNotBeSameAs(after.Report);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_report_for_the_others()
    {
        var cache = new ReportCache(factory.Services.GetRequiredService<ReportQueries>(), TimeProvider.System);
        var county = (await factory.Services.GetRequiredService<WallQueries>().ScopeAsync("GZ", CancellationToken.None))!;
        using var gone = new CancellationTokenSource();

        // The first caller starts the computation and has given up before it can finish.
        await gone.CancelAsync();
        var first = cache.GetAsync(county, September, gone.Token);
        var second = cache.GetAsync(county, September, CancellationToken.None);

        await Should.ThrowAsync<OperationCanceledException>(() => first);
        (await second).Report.Kpis.CasesReceived.ShouldBeGreaterThan(0);
    }
}
