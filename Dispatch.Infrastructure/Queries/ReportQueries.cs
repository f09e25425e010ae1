using Dispatch.Domain.Cases;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Reports;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Reports;
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
    /// <summary>
    /// The report for a period and area. The cases' numbers are summed from the daily counts
    /// (<see cref="ReportDay"/>) for the whole China-local days in the period, and counted from the
    /// cases themselves only on its part days at either end (due dates only up to now); what is open
    /// at the end is counted in the database. Equal to <see cref="ReportFromRowsAsync"/>, which
    /// reads every case (a test holds them equal).
    /// </summary>
    public async Task<AnalysisReport> ReportAsync(WallScope scope, Period period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var now = clock.GetUtcNow();

        // PostgreSQL takes UTC only; a period may come in China time.
        period = new Period(period.From.ToUniversalTime(), period.To.ToUniversalTime());
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var scoped = WallQueries.Cases(db, scope);
        var tally = await TallyAsync(db, scope, period, now, cancellationToken);
        var receivedBefore = (await TallyAsync(db, scope, period.Previous, now, cancellationToken)).ReceivedByCategory();

        // Open at the end: not closed, or closed after it. Two queries, each served by the index on
        // ClosedAt (with "received before the end" in the query, SQLite walks the whole ReceivedAt index).
        var open = new List<(CaseCategory Category, Guid? TownshipId, int Count)>();
        foreach (var stillOpen in new[] { true, false })
        {
            var cases = stillOpen ? scoped.Where(c => c.ClosedAt == null) : scoped.Where(c => c.ClosedAt >= period.To);
            var groups = await cases
                .Where(c => c.Status != CaseStatus.Rejected)
                .GroupBy(c => new { c.Category, c.TownshipId, Before = c.ReceivedAt < period.To })
                .Select(g => new { g.Key.Category, g.Key.TownshipId, g.Key.Before, Count = g.Count() })
                .ToListAsync(cancellationToken);
            open.AddRange(groups.Where(g => g.Before).Select(g => (g.Category, g.TownshipId, g.Count)));
        }

        var scopedWhistles = WallQueries.Whistles(db, scope);
        var onSite = await scopedWhistles
            .Where(w => w.ClosedAt >= period.From && w.ClosedAt < period.To && (w.Outcome == WhistleOutcome.ResolvedOnSite || w.WentOnSite))
            .GroupBy(w => 1)
            .Select(g => new { Handled = g.Count(), Resolved = g.Count(w => w.Outcome == WhistleOutcome.ResolvedOnSite) })
            .SingleOrDefaultAsync(cancellationToken);

        // The county's summonses are counted in the database; a township's or village's are read
        // (a few thousand a year), since finding them means asking of each summons whose case it is.
        Dictionary<Guid, SummonsTally> summonses;
        IReadOnlyList<AcknowledgementTime> acknowledgements;
        AcknowledgementTime? acknowledgedOverall;
        if (scope.Level == CenterLevel.County)
        {
            summonses = await SummonsCounts.TalliesAsync(db, period, now, cancellationToken);
            (acknowledgements, acknowledgedOverall) = await SummonsCounts.AcknowledgementTimesAsync(db, period, cancellationToken);
        }
        else
        {
            var facts = await (
                from s in db.Summonses.AsNoTracking()
                join w in scopedWhistles on s.WhistleId equals w.Id
                where s.SummonedAt >= period.From && s.SummonedAt < period.To
                select new SummonsFact(s.DepartmentId, s.State, s.SummonedAt, s.AcknowledgeDueAt, s.AcknowledgedAt, s.OnSiteDueAt, s.OnSiteAt, s.ResultDueAt, s.ReportedAt, s.WhistleClosedAt))
                .ToListAsync(cancellationToken);
            summonses = SummonsTally.Of(facts, period, now).ToDictionary(t => t.DepartmentId);
            var counted = facts.Where(f => f.Counts).Select(f => new AcknowledgementFact(f.DepartmentId, f.SummonedAt, f.AcknowledgedAt)).ToList();
            acknowledgements = KpiCalculator.AcknowledgementTimes(counted, period);
            acknowledgedOverall = KpiCalculator.AcknowledgementTimeOverall(counted, period);
        }
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.ShortName).Select(d => new { d.Id, d.ShortName }).ToListAsync(cancellationToken);
        var townships = await WallQueries.Townships(db, scope)
            .Select(c => new { c.Id, c.Code, c.Name })
            .ToListAsync(cancellationToken);

        var names = departments.ToDictionary(d => d.Id, d => d.ShortName);
        var total = tally.Total;
        var kpis = new KpiSnapshot(
            period,
            new Rate(onSite?.Resolved ?? 0, onSite?.Handled ?? 0),
            TallyCalculator.TimelyAcceptance(tally),
            TallyCalculator.OnTimeCompletion(total),
            TallyCalculator.SatisfactionRate(total),
            TallyCalculator.LevelDistribution(tally),
            TallyCalculator.TopCategories(tally, receivedBefore),
            [.. acknowledgements.Select(a => (names.GetValueOrDefault(a.DepartmentId, "未知部门"), a))],
            total.Received,
            total.Closed)
        {
            SecondSupervisions = total.Dissatisfied,
            AcknowledgementOverall = acknowledgedOverall,
        };
        var ranking = TallyCalculator.DepartmentRanking(departments.Select(d => d.Id), summonses, acknowledgements.ToDictionary(a => a.DepartmentId), tally);
        var bucket = ReportCalculator.BucketFor(period);
        var openByCategory = open.GroupBy(o => o.Category).ToDictionary(g => g.Key, g => g.Sum(o => o.Count));
        var openByTownship = open.Where(o => o.TownshipId is not null).GroupBy(o => o.TownshipId!.Value).ToDictionary(g => g.Key, g => g.Sum(o => o.Count));
        var townshipLines = TallyCalculator.TownshipBreakdown(townships.Select(t => t.Id), tally, openByTownship).ToDictionary(l => l.TownshipId);
        return new AnalysisReport(
            scope,
            period,
            now,
            kpis,
            [.. ranking.Select(r => new NamedDepartmentScore(names[r.DepartmentId], r))],
            TallyCalculator.CategoryBreakdown(tally, receivedBefore, openByCategory),
            bucket,
            TallyCalculator.Trend(tally, period, bucket, WorkingCalendar.ChinaStandardTime),
            [.. townships.OrderBy(t => t.Code, StringComparer.Ordinal).Select(t => new NamedTownshipLine(t.Code, t.Name, townshipLines[t.Id]))]);
    }

    /// <summary>
    /// The area's counts over the period: the stored daily lines of the whole local days in it,
    /// plus the part days at its ends counted from the cases. Due dates count up to now only, so
    /// their window ends at now when the period does later.
    /// </summary>
    internal static async Task<PeriodTally> TallyAsync(DispatchDbContext db, WallScope scope, Period period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var offset = WorkingCalendar.ChinaStandardTime;
        var key = scope.Level == CenterLevel.County ? CaseTally.AllScope : scope.CenterId;
        var dueTo = period.To <= now ? period.To : now.AddTicks(1);
        var days = WholeDays.Of(period, offset);
        var duePeriod = new Period(period.From, dueTo > period.From ? dueTo : period.From);
        var dueDays = WholeDays.Of(duePeriod, offset);

        var tallies = new Dictionary<TallyKey, TallyCounts>();
        if (days.Any)
        {
            var lines = db.ReportDays.AsNoTracking().Where(d => d.Scope == key && d.Day >= days.First && d.Day <= days.Last);
            var sums = await lines
                .Where(d => d.Kind != TallyKind.Total)
                .GroupBy(d => new { d.Kind, d.Key })
                .Select(g => new
                {
                    g.Key.Kind,
                    g.Key.Key,
                    Received = g.Sum(d => d.Received),
                    AcceptedInTime = g.Sum(d => d.AcceptedInTime),
                    Closed = g.Sum(d => d.Closed),
                    ClosedAtVillage = g.Sum(d => d.ClosedAtVillage),
                    ClosedAtTownship = g.Sum(d => d.ClosedAtTownship),
                    ClosedAtCounty = g.Sum(d => d.ClosedAtCounty),
                    Due = g.Sum(d => d.Due),
                    DueClosedInTime = g.Sum(d => d.DueClosedInTime),
                    DueResultInTime = g.Sum(d => d.DueResultInTime),
                    Results = g.Sum(d => d.Results),
                    FollowUps = g.Sum(d => d.FollowUps),
                    Satisfied = g.Sum(d => d.Satisfied),
                    Dissatisfied = g.Sum(d => d.Dissatisfied),
                })
                .ToListAsync(cancellationToken);

            // The breakdowns' sums are put on the first whole day; the area's total is read per
            // day below (one line a day), which the trend needs.
            foreach (var s in sums)
            {
                tallies[new TallyKey(key, days.First, s.Kind, s.Key)] = new TallyCounts(s.Received, s.AcceptedInTime, s.Closed, s.ClosedAtVillage, s.ClosedAtTownship, s.ClosedAtCounty,
                    s.Due, s.DueClosedInTime, s.DueResultInTime, s.Results, s.FollowUps, s.Satisfied, s.Dissatisfied);
            }

            var totals = await lines.Where(d => d.Kind == TallyKind.Total).ToListAsync(cancellationToken);
            foreach (var line in totals)
            {
                tallies[line.TallyKey] = line.Counts;
            }

            // Whole days after now still hold due dates that are not due yet: taken out again.
            if (!dueDays.Any || dueDays.Last < days.Last)
            {
                var after = dueDays.Any ? dueDays.Last : days.First.AddDays(-1);
                var notYet = await lines
                    .Where(d => d.Day > after && d.Due != 0)
                    .Select(d => new { d.Day, d.Kind, d.Key, d.Due, d.DueClosedInTime, d.DueResultInTime })
                    .ToListAsync(cancellationToken);
                foreach (var d in notYet)
                {
                    var at = new TallyKey(key, d.Kind == TallyKind.Total ? d.Day : days.First, d.Kind, d.Key);
                    tallies[at] = tallies.GetValueOrDefault(at) - new TallyCounts { Due = d.Due, DueClosedInTime = d.DueClosedInTime, DueResultInTime = d.DueResultInTime };
                }
            }
        }

        // The part days: every moment outside the whole days, counted from the cases.
        bool InPart(DateTimeOffset at) => period.Contains(at) && !days.Contain(at, offset);
        bool DueInPart(DateTimeOffset at) => at >= period.From && at < dueTo && !dueDays.Contain(at, offset);
        var parts = days.Parts(period, offset);
        var dueParts = dueDays.Parts(duePeriod, offset);
        if (parts.Count > 0 || dueParts.Count > 0)
        {
            var scoped = WallQueries.Cases(db, scope);

            // At most two part days each; a missing one is an empty window that matches nothing.
            var none = new Period(period.From, period.From);
            var (p1, p2) = (parts.ElementAtOrDefault(0) ?? none, parts.ElementAtOrDefault(1) ?? none);
            var (d1, d2) = (dueParts.ElementAtOrDefault(0) ?? none, dueParts.ElementAtOrDefault(1) ?? none);
            var touched = scoped.Where(c =>
                (c.ReceivedAt >= p1.From && c.ReceivedAt < p1.To) || (c.ReceivedAt >= p2.From && c.ReceivedAt < p2.To)
                || (c.ClosedAt >= p1.From && c.ClosedAt < p1.To) || (c.ClosedAt >= p2.From && c.ClosedAt < p2.To)
                || (c.ResultAt >= p1.From && c.ResultAt < p1.To) || (c.ResultAt >= p2.From && c.ResultAt < p2.To)
                || (c.DueAt >= d1.From && c.DueAt < d1.To) || (c.DueAt >= d2.From && c.DueAt < d2.To));
            foreach (var fact in await ReportTallyBuilder.Facts(touched).ToListAsync(cancellationToken))
            {
                CaseTally.Add(tallies, fact, [], offset, (kind, at) => kind == TallyEvent.Due ? DueInPart(at) : InPart(at), 1);
            }

            foreach (var part in parts)
            {
                var answers = await (
                    from f in db.FollowUpRows.AsNoTracking()
                    where f.At >= part.From && f.At < part.To
                    join c in ReportTallyBuilder.Facts(scoped) on f.CaseId equals c.Id
                    select new { f.At, f.Satisfaction, Case = c })
                    .ToListAsync(cancellationToken);
                foreach (var answer in answers)
                {
                    CaseTally.Add(tallies, answer.Case, [new FollowUpFact(answer.At, answer.Satisfaction)], offset, (kind, _) => kind == TallyEvent.FollowUp, 1);
                }
            }
        }

        return PeriodTally.Sum(tallies.Where(t => t.Key.Scope == key));
    }

    internal async Task<AnalysisReport> ReportFromRowsAsync(WallScope scope, Period period, CancellationToken cancellationToken)
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
