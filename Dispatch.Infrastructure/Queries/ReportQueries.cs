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
        var earliest = period.Previous.From;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var scoped = WallQueries.Cases(db, scope);
        var cases = await scoped
            .Where(c => c.ReceivedAt >= earliest || c.ClosedAt >= period.From || c.DueAt >= period.From || (c.ClosedAt == null && c.ReceivedAt < period.To))
            .Select(c => new CaseFact(c.Category, c.ReceivedAt, c.AcceptedAt, c.AcceptanceDueAt, c.DueAt, c.ClosedAt, c.ClosedAtLevel)
            {
                Id = c.Id,
                Status = c.Status,
                TownshipId = c.TownshipId,
                VillageId = c.VillageId,
                DepartmentId = c.AssignedDepartmentId,
                ResultAt = c.ResultAt,
            })
            .ToListAsync(cancellationToken);
        var followUps = await (
            from c in scoped
            from f in c.FollowUps
            where f.At >= period.From && f.At < period.To
            select new FollowUpFact(f.At, f.Satisfaction) { DepartmentId = c.AssignedDepartmentId, TownshipId = c.TownshipId })
            .ToListAsync(cancellationToken);
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
        var kpis = DispatchQueries.Snapshot(period, now, cases, whistles, followUps, acknowledgements, names);
        var ranking = ReportCalculator.DepartmentRanking(departments.Select(d => d.Id), summonses, cases, followUps, period, now);
        var bucket = ReportCalculator.BucketFor(period);
        var townshipLines = ReportCalculator.TownshipBreakdown(townships.Select(t => t.Id), cases, followUps, period, now).ToDictionary(l => l.TownshipId);
        return new AnalysisReport(
            scope,
            period,
            now,
            kpis,
            [.. ranking.Select(r => new NamedDepartmentScore(names[r.DepartmentId], r))],
            ReportCalculator.CategoryBreakdown(cases, period),
            bucket,
            ReportCalculator.Trend(cases, period, bucket, WorkingCalendar.ChinaStandardTime),
            [.. townships.OrderBy(t => t.Code, StringComparer.Ordinal).Select(t => new NamedTownshipLine(t.Code, t.Name, townshipLines[t.Id]))]);
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
