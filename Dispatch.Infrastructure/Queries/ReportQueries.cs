using Dispatch.Domain.Cases;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Reports;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Queries;

public sealed record NamedDepartmentScore(string Department, DepartmentScore Score);

public sealed record NamedTownshipLine(string Code, string Township, TownshipLine Line);

/// <summary>Everything one report shows, for one period and one center's area.</summary>
public sealed record AnalysisReport(
    WallScope Scope,
    Period Period,
    DateTimeOffset ComposedAt,
    KpiSnapshot Kpis,
    IReadOnlyList<NamedDepartmentScore> Departments,
    IReadOnlyList<CategoryLine> Categories,
    Bucket Bucket,
    IReadOnlyList<TrendPoint> Trend,
    IReadOnlyList<NamedTownshipLine> Townships);

public sealed record BulletinRow(DateOnly Day, string Number, DateTimeOffset ComposedAt, DateTimeOffset? DeliveredAt, string? DeliveryError);

/// <summary>One line of the audit export: a step on a case's timeline.</summary>
public sealed record TimelineExportRow(string CaseCode, string Title, int Sequence, DateTimeOffset At, string Actor, string Action, string? Note);

/// <summary>
/// The read side of 统计分析: reads the facts of a period once (cases, follow-ups, summonses,
/// whistles of the center's area) and lets the domain compute every table from them.
/// </summary>
public sealed class ReportQueries(IDbContextFactory<DispatchDbContext> factory, TimeProvider clock)
{
    public async Task<AnalysisReport> ReportAsync(WallScope scope, Period period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var now = clock.GetUtcNow();

        // PostgreSQL takes UTC only; a period may come in China time.
        period = new Period(period.From.ToUniversalTime(), period.To.ToUniversalTime());
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var scoped = WallQueries.Cases(db, scope);

        // Every case the period's numbers touch: received, due, closed or still open in it. The
        // period before is only compared by category, so it is counted, not read (a year's report
        // on two years of data reads one year of cases).
        var cases = await scoped
            .Where(c => c.ReceivedAt >= period.From || c.ClosedAt >= period.From || c.DueAt >= period.From || (c.ClosedAt == null && c.ReceivedAt < period.To))
            .Select(c => new CaseFact(c.Category, c.ReceivedAt, c.AcceptedAt, c.AcceptanceDueAt, c.DueAt, c.ClosedAt, c.ClosedAtLevel)
            {
                Id = c.Id,
                Status = c.Status,
                TownshipId = c.TownshipId,
                DepartmentId = c.AssignedDepartmentId,
                ResultAt = c.ResultAt,
            })
            .ToListAsync(cancellationToken);
        var previous = period.Previous;
        var receivedBefore = await scoped
            .Where(c => c.ReceivedAt >= previous.From && c.ReceivedAt < previous.To)
            .GroupBy(c => c.Category)
            .Select(g => new { Category = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Category, g => g.Count, cancellationToken);
        var followUps = await FollowUpsAsync(db, scope, scoped, period, cases, cancellationToken);
        var scopedWhistles = WallQueries.Whistles(db, scope);
        var whistles = await scopedWhistles
            .Where(w => (w.ClosedAt >= period.From && w.ClosedAt < period.To) || (w.BlownAt >= period.From && w.BlownAt < period.To))
            .Select(w => new WhistleFact(w.ClosedAt, w.Outcome, w.Outcome == WhistleOutcome.ResolvedOnSite || w.Summonses.Any(s => s.OnSiteAt != null)) { BlownAt = w.BlownAt })
            .ToListAsync(cancellationToken);
        var summonses = await (
            from s in db.Summonses.AsNoTracking()
            join w in scopedWhistles on s.WhistleId equals w.Id
            where s.SummonedAt >= period.From && s.SummonedAt < period.To
            select new SummonsFact(s.DepartmentId, s.State, s.SummonedAt, s.AcknowledgeDueAt, s.AcknowledgedAt, s.OnSiteDueAt, s.OnSiteAt, s.ResultDueAt, s.ReportedAt, w.ClosedAt))
            .ToListAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.ShortName).Select(d => new { d.Id, d.ShortName }).ToListAsync(cancellationToken);
        var townships = await WallQueries.Townships(db, scope)
            .Select(c => new { c.Id, c.Code, c.Name })
            .ToListAsync(cancellationToken);

        var names = departments.ToDictionary(d => d.Id, d => d.ShortName);
        var acknowledgements = summonses.Where(s => s.Counts).Select(s => new AcknowledgementFact(s.DepartmentId, s.SummonedAt, s.AcknowledgedAt)).ToList();
        var kpis = DispatchQueries.Snapshot(period, now, cases, whistles, followUps, acknowledgements, names, receivedBefore);
        var ranking = ReportCalculator.DepartmentRanking(departments.Select(d => d.Id), summonses, cases, followUps, period, now);
        var bucket = ReportCalculator.BucketFor(period);
        var townshipLines = ReportCalculator.TownshipBreakdown(townships.Select(t => t.Id), cases, followUps, period, now).ToDictionary(l => l.TownshipId);
        return new AnalysisReport(
            scope,
            period,
            now,
            kpis,
            [.. ranking.Select(r => new NamedDepartmentScore(names[r.DepartmentId], r))],
            ReportCalculator.CategoryBreakdown(cases, period, receivedBefore),
            bucket,
            ReportCalculator.Trend(cases, period, bucket, WorkingCalendar.ChinaStandardTime),
            [.. townships.OrderBy(t => t.Code, StringComparer.Ordinal).Select(t => new NamedTownshipLine(t.Code, t.Name, townshipLines[t.Id]))]);
    }

    /// <summary>
    /// The follow-ups done in the period on the scope's cases, each with its case's department
    /// and township taken from the case facts already read (every case with a follow-up in the
    /// period is among them: a follow-up precedes the close). A case that is not (clocks of two
    /// nodes apart at the edge of the period) is read on its own.
    /// </summary>
    private static async Task<List<FollowUpFact>> FollowUpsAsync(DispatchDbContext db, WallScope scope, IQueryable<Case> scoped, Period period, IReadOnlyCollection<CaseFact> cases, CancellationToken cancellationToken)
    {
        var rows = db.FollowUpRows.Where(f => f.At >= period.From && f.At < period.To);
        if (scope.Level != CenterLevel.County)
        {
            rows = rows.Where(f => scoped.Select(c => c.Id).Contains(f.CaseId));
        }

        var answers = await rows.Select(f => new { f.CaseId, f.At, f.Satisfaction }).ToListAsync(cancellationToken);
        var owners = cases.ToDictionary(c => c.Id, c => (Department: c.DepartmentId, Township: c.TownshipId));
        var missing = answers.Select(a => a.CaseId).Where(id => !owners.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var more = await scoped.Where(c => missing.Contains(c.Id)).Select(c => new { c.Id, c.AssignedDepartmentId, c.TownshipId }).ToListAsync(cancellationToken);
            foreach (var c in more)
            {
                owners[c.Id] = (c.AssignedDepartmentId, c.TownshipId);
            }
        }

        return [.. answers
            .Where(a => owners.ContainsKey(a.CaseId))
            .Select(a => new FollowUpFact(a.At, a.Satisfaction) { DepartmentId = owners[a.CaseId].Department, TownshipId = owners[a.CaseId].Township })];
    }

    /// <summary>The newest bulletins first.</summary>
    public async Task<IReadOnlyList<BulletinRow>> BulletinsAsync(int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Bulletins.AsNoTracking().OrderByDescending(b => b.Day).Take(Math.Clamp(take, 1, 400))
            .Select(b => new BulletinRow(b.Day, b.Number, b.ComposedAt, b.DeliveredAt, b.DeliveryError))
            .ToListAsync(cancellationToken);
    }

    public async Task<Bulletin?> BulletinAsync(DateOnly day, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Bulletins.AsNoTracking().FirstOrDefaultAsync(b => b.Day == day, cancellationToken);
    }

    /// <summary>Every timeline step of the cases received in the period, case by case, for audits (streamed: a year is a million lines).</summary>
    public async IAsyncEnumerable<TimelineExportRow> TimelineAsync(WallScope scope, Period period, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        period = new Period(period.From.ToUniversalTime(), period.To.ToUniversalTime());
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = (
            from c in WallQueries.Cases(db, scope)
            where c.ReceivedAt >= period.From && c.ReceivedAt < period.To
            from t in c.Timeline
            orderby c.ReceivedAt, c.Code, t.Sequence
            select new TimelineExportRow(c.Code, c.Title, t.Sequence, t.At, t.ActorName, t.Action, t.Note))
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }
}
