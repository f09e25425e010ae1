using Dispatch.Domain.Kpis;
using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.Queries;

namespace Dispatch.Web.Walls;

/// <summary>Everything one wall shows at one moment; parts its tiles do not use stay empty.</summary>
public sealed record WallData(
    WallScope Scope,
    DateTimeOffset ReadAt,
    WallCounts Counts,
    IReadOnlyList<WhistleRow> Whistles,
    IReadOnlyList<WhistleRow> RecentlyClosed,
    IReadOnlyDictionary<WallPeriod, KpiSnapshot> Kpis,
    IReadOnlyList<DepartmentLoad> Departments,
    IReadOnlyList<TownshipLoad> Townships,
    IReadOnlyList<DailyCount> Trend,
    IReadOnlyList<CategoryTrend> Categories,
    IReadOnlyList<EscalationRow> Escalations,
    IReadOnlyList<RiskWarningView> RiskWarnings)
{
    public static Period PeriodOf(WallPeriod period, DateTimeOffset now) => period switch
    {
        WallPeriod.Today => new Period(Domain.Whistles.WorkingCalendar.StartOfLocalDay(now), now),
        WallPeriod.Week => new Period(now.AddDays(-7), now),
        WallPeriod.Year => new Period(now.AddDays(-365), now),
        _ => new Period(now.AddDays(-30), now),
    };

    public static string LabelOf(WallPeriod period) => period switch
    {
        WallPeriod.Today => "今日",
        WallPeriod.Week => "近7日",
        WallPeriod.Year => "近一年",
        _ => "近30日",
    };
}

/// <summary>Reads what a wall's tiles need, in parallel, each part on its own database context.</summary>
public sealed class WallDataLoader(WallQueries queries, RiskQueries risks, TimeProvider clock)
{
    public async Task<WallData> LoadAsync(WallLayout layout, WallScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var now = clock.GetUtcNow();
        var types = layout.Tiles.Select(t => t.Type).ToHashSet();
        var periods = layout.Tiles.Where(t => t.Type is WallTileType.Kpi or WallTileType.LevelDistribution).Select(t => t.Period).Distinct().ToList();
        var top = layout.Tiles.Where(t => t.Type == WallTileType.CategoryRisk).Select(t => t.Top).DefaultIfEmpty(5).Max();
        var days = layout.Tiles.Where(t => t.Type == WallTileType.Trend).Select(t => t.Days).DefaultIfEmpty(30).Max();

        var counts = queries.CountsAsync(scope, cancellationToken);
        var whistles = types.Contains(WallTileType.WhistleFeed) ? queries.RunningWhistlesAsync(scope, cancellationToken) : Task.FromResult<IReadOnlyList<WhistleRow>>([]);
        var closed = types.Contains(WallTileType.WhistleFeed) ? queries.RecentlyClosedWhistlesAsync(scope, 20, cancellationToken) : Task.FromResult<IReadOnlyList<WhistleRow>>([]);
        var kpis = periods.Select(async p => (Period: p, Snapshot: await queries.KpisAsync(scope, WallData.PeriodOf(p, now), cancellationToken))).ToList();
        var departments = types.Contains(WallTileType.DepartmentBoard) ? queries.DepartmentLoadAsync(scope, cancellationToken) : Task.FromResult<IReadOnlyList<DepartmentLoad>>([]);
        var townships = types.Contains(WallTileType.TownshipMap) ? queries.TownshipLoadAsync(scope, cancellationToken) : Task.FromResult<IReadOnlyList<TownshipLoad>>([]);
        var trend = types.Contains(WallTileType.Trend) ? queries.TrendAsync(scope, days, cancellationToken) : Task.FromResult<IReadOnlyList<DailyCount>>([]);
        var categories = types.Contains(WallTileType.CategoryRisk) ? queries.CategoryRiskAsync(scope, top, cancellationToken) : Task.FromResult<IReadOnlyList<CategoryTrend>>([]);
        var escalations = types.Contains(WallTileType.Escalations) ? queries.EscalationsAsync(scope, 40, cancellationToken) : Task.FromResult<IReadOnlyList<EscalationRow>>([]);
        var warnings = types.Contains(WallTileType.RiskWarnings) ? risks.OpenAsync(scope, 40, cancellationToken) : Task.FromResult<IReadOnlyList<RiskWarningView>>([]);

        return new WallData(
            scope,
            now,
            await counts,
            await whistles,
            await closed,
            (await Task.WhenAll(kpis)).ToDictionary(k => k.Period, k => k.Snapshot),
            await departments,
            await townships,
            await trend,
            await categories,
            await escalations,
            await warnings);
    }
}
