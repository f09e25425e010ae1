using Dispatch.Domain.Cases;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Queries;

/// <summary>The center a wall watches: the whole county for the county center, else its own area.</summary>
public sealed record WallScope(Guid CenterId, string Code, string Name, CenterLevel Level);

public sealed record WallCounts(int OpenCases, int OverdueCases, int ReceivedToday, int RunningWhistles, int OverdueSummonses)
{
    /// <summary>Open cases under second supervision (二次督办).</summary>
    public int SupervisedCases { get; init; }
}

/// <summary>A department's load on the wall: open and overdue summonses, and how fast it acknowledges (30 days).</summary>
public sealed record DepartmentLoad(Guid DepartmentId, string Name, int OpenSummonses, int OverdueSummonses, int Acknowledged, TimeSpan? MedianAcknowledgement);

public sealed record TownshipLoad(string Code, string Name, int OpenCases);

public sealed record EscalationRow(DateTimeOffset TakenAt, string CaseCode, string DepartmentName, EscalationAction Action, DeadlineKind Deadline, string StepKey);

/// <summary>
/// The read side of the situation wall, scoped to the center it watches. Each tile's data is
/// one method, so a wall reads only what its tiles show.
/// </summary>
public sealed class WallQueries(IDbContextFactory<DispatchDbContext> factory, TimeProvider clock)
{
    private static readonly SummonsState[] Open = [.. Summons.OpenStates];

    /// <summary>The center with this code, or null (the wall then says its file names an unknown center).</summary>
    public async Task<WallScope?> ScopeAsync(string code, CancellationToken cancellationToken)
    {
        var upper = code.Trim().ToUpperInvariant();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Centers.AsNoTracking().Where(c => c.Code == upper)
            .Select(c => new WallScope(c.Id, c.Code, c.Name, c.Level))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The county center: the whole county's scope.</summary>
    public async Task<WallScope?> CountyScopeAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Centers.AsNoTracking().Where(c => c.Level == CenterLevel.County)
            .OrderBy(c => c.Code)
            .Select(c => new WallScope(c.Id, c.Code, c.Name, c.Level))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WhistleRow>> RunningWhistlesAsync(WallScope scope, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await DispatchQueries.RunningWhistlesAsync(db, departmentId: null, scope.Level == CenterLevel.County ? null : Cases(db, scope), cancellationToken);
    }

    /// <summary>
    /// The scope's latest ended whistles, the most recently ended first. The feed shows them,
    /// marked as ended, in the rows the running ones leave empty.
    /// </summary>
    public async Task<IReadOnlyList<WhistleRow>> RecentlyClosedWhistlesAsync(WallScope scope, int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var closed = Whistles(db, scope).Where(w => w.Status == WhistleStatus.Closed).OrderByDescending(w => w.ClosedAt).Take(Math.Clamp(take, 1, 50));
        var rows = await DispatchQueries.WhistleRowsAsync(db, closed, departmentId: null, cancellationToken);
        return [.. rows.OrderByDescending(w => w.ClosedAt)];
    }

    public async Task<WallCounts> CountsAsync(WallScope scope, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var cases = await DispatchQueries.CaseCountsAsync(Cases(db, scope), now, cancellationToken);
        var summonses = await OpenSummonsesAsync(db, scope, cancellationToken);
        return new WallCounts(
            cases.Open,
            cases.Overdue,
            cases.ReceivedToday,
            await Whistles(db, scope).CountAsync(w => w.Status == WhistleStatus.Open, cancellationToken),
            summonses.Count(s => s.IsOverdue(now)))
        {
            SupervisedCases = cases.Supervised,
        };
    }

    public async Task<KpiSnapshot> KpisAsync(WallScope scope, Period period, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await DispatchQueries.KpisAsync(db, period, clock.GetUtcNow(), Cases(db, scope), Whistles(db, scope), cancellationToken);
    }

    /// <summary>Every department, busiest first: open summonses in the scope, overdue ones, and acknowledgement times over 30 days.</summary>
    public async Task<IReadOnlyList<DepartmentLoad>> DepartmentLoadAsync(WallScope scope, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var period = new Period(now.AddDays(-30), now);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.ShortName }).ToListAsync(cancellationToken);
        var open = await OpenSummonsesAsync(db, scope, cancellationToken);
        var whistles = Whistles(db, scope);
        var facts = await db.Summonses.AsNoTracking()
            .Where(s => s.SummonedAt >= period.From && s.SummonedAt < period.To)
            .Where(s => whistles.Any(w => w.Id == s.WhistleId))
            .Select(s => new AcknowledgementFact(s.DepartmentId, s.SummonedAt, s.AcknowledgedAt))
            .ToListAsync(cancellationToken);
        var times = KpiCalculator.AcknowledgementTimes(facts, period).ToDictionary(t => t.DepartmentId);
        return [.. departments
            .Select(d => new DepartmentLoad(
                d.Id,
                d.ShortName,
                open.Count(s => s.DepartmentId == d.Id),
                open.Count(s => s.DepartmentId == d.Id && s.IsOverdue(now)),
                times.GetValueOrDefault(d.Id)?.Count ?? 0,
                times.GetValueOrDefault(d.Id)?.Median))
            .OrderByDescending(d => d.OverdueSummonses)
            .ThenByDescending(d => d.OpenSummonses)
            .ThenBy(d => d.Name, StringComparer.Ordinal)];
    }

    /// <summary>Open cases per township of the scope (townships with none are listed with 0).</summary>
    public async Task<IReadOnlyList<TownshipLoad>> TownshipLoadAsync(WallScope scope, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var townships = await Townships(db, scope)
            .Select(c => new { c.Id, c.Code, c.Name })
            .ToListAsync(cancellationToken);
        var counts = await DispatchQueries.Open(Cases(db, scope))
            .Where(c => c.TownshipId != null)
            .GroupBy(c => c.TownshipId)
            .Select(g => new { Id = g.Key!.Value, Count = g.Count() })
            .ToDictionaryAsync(g => g.Id, g => g.Count, cancellationToken);
        return [.. townships.Select(t => new TownshipLoad(t.Code, t.Name, counts.GetValueOrDefault(t.Id))).OrderBy(t => t.Code, StringComparer.Ordinal)];
    }

    /// <summary>Cases received and closed per day for the last <paramref name="days"/> days.</summary>
    public async Task<IReadOnlyList<DailyCount>> TrendAsync(WallScope scope, int days, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var first = now.AddDays(-days - 1);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var facts = await Cases(db, scope)
            .Where(c => c.ReceivedAt >= first || c.ClosedAt >= first)
            .Select(DispatchQueries.ToFact)
            .ToListAsync(cancellationToken);
        return KpiCalculator.DailyTrend(facts, now, days, WorkingCalendar.ChinaStandardTime);
    }

    /// <summary>The top categories of the last 7 days against the 7 days before (risk early warning).</summary>
    public async Task<IReadOnlyList<CategoryTrend>> CategoryRiskAsync(WallScope scope, int top, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var week = new Period(now.AddDays(-7), now);
        var from = week.Previous.From;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var facts = await Cases(db, scope)
            .Where(c => c.ReceivedAt >= from)
            .Select(DispatchQueries.ToFact)
            .ToListAsync(cancellationToken);
        return KpiCalculator.TopCategories(facts, week, top);
    }

    /// <summary>The newest automatic escalation steps taken (reminders are left out: they are routine).</summary>
    public async Task<IReadOnlyList<EscalationRow>> EscalationsAsync(WallScope scope, int take, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().AddDays(-7);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = await (
            from s in db.Summonses.AsNoTracking()
            from e in s.Escalations
            join w in Whistles(db, scope) on s.WhistleId equals w.Id
            where e.TakenAt >= since && e.Action != EscalationAction.RemindTerminal
            orderby e.TakenAt descending
            select new EscalationRow(e.TakenAt, w.CaseCode, s.DepartmentName, e.Action, e.Deadline, e.StepKey))
            .Take(Math.Clamp(take, 1, 100))
            .ToListAsync(cancellationToken);
        return rows;
    }

    private static async Task<List<SummonsRow>> OpenSummonsesAsync(DispatchDbContext db, WallScope scope, CancellationToken cancellationToken)
    {
        var whistles = Whistles(db, scope);
        return await db.Summonses.AsNoTracking()
            .Where(s => Open.Contains(s.State))
            .Where(s => whistles.Any(w => w.Id == s.WhistleId && w.Status == WhistleStatus.Open))
            .Select(s => new SummonsRow(s.Id, s.DepartmentId, s.DepartmentName, s.State, s.SummonedAt, s.AcknowledgeDueAt, s.OnSiteDueAt,
                s.ResultDueAt, s.AcknowledgedAt, s.AcknowledgedBy, s.OnSiteAt, s.ReportedAt, null, null, s.UrgeCount, s.FlaggedToDirector, s.EscalatedToLevelAbove))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The townships in the scope: all of the county's, or the township itself.</summary>
    internal static IQueryable<Center> Townships(DispatchDbContext db, WallScope scope) =>
        db.Centers.AsNoTracking().Where(c => c.Level == CenterLevel.Township && (scope.Level == CenterLevel.County ? c.ParentId == scope.CenterId : c.Id == scope.CenterId));

    internal static IQueryable<Case> Cases(DispatchDbContext db, WallScope scope) => scope.Level switch
    {
        CenterLevel.County => db.Cases.AsNoTracking(),
        CenterLevel.Township => db.Cases.AsNoTracking().Where(c => c.TownshipId == scope.CenterId || c.CenterId == scope.CenterId),
        _ => db.Cases.AsNoTracking().Where(c => c.VillageId == scope.CenterId || c.CenterId == scope.CenterId),
    };

    /// <summary>The scope's whistles; the county's are all of them, with no subquery over every case.</summary>
    internal static IQueryable<Whistle> Whistles(DispatchDbContext db, WallScope scope)
    {
        if (scope.Level == CenterLevel.County)
        {
            return db.Whistles.AsNoTracking();
        }

        return DispatchQueries.OfCases(db.Whistles.AsNoTracking(), Cases(db, scope));
    }
}
