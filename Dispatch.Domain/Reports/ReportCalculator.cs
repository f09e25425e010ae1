using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Kpis;

namespace Dispatch.Domain.Reports;

/// <summary>One department's line in the ranking (部门排名).</summary>
public sealed record DepartmentScore(
    Guid DepartmentId,
    int Summonses,
    Rate AcknowledgedInTime,
    TimeSpan? AcknowledgementMedian,
    Rate OnTime,
    int Overdue,
    Rate Satisfaction,
    int CasesHandled)
{
    /// <summary>1 for the best; ties share a rank.</summary>
    public int Rank { get; init; }
}

public sealed record CategoryLine(CaseCategory Category, int Count, int PreviousCount, double Share, int OpenAtEnd)
{
    public double? Change => PreviousCount == 0 ? null : (double)(Count - PreviousCount) / PreviousCount;
}

public sealed record TownshipLine(Guid TownshipId, int Received, int Closed, int OpenAtEnd, Rate OnTimeCompletion, Rate Satisfaction);

public enum Bucket
{
    Day = 1,
    Week = 2,
    Month = 3,
}

/// <summary>One step of a trend: the local day, week (from Monday) or month it starts on.</summary>
public sealed record TrendPoint(DateOnly Start, int Received, int Closed);

/// <summary>
/// The analysis over any period and scope (日报、周报、月报): pure functions of the facts, so a
/// report on a fixture can be checked by hand.
/// </summary>
public static class ReportCalculator
{
    /// <summary>
    /// Departments ranked for the period. Per department: summonses issued in the period, the
    /// share acknowledged within the limit, the median whistle → acknowledged, the on-time rate
    /// (summonses issued in the period that met every deadline, and cases handed to it due in
    /// the period with the result in by the due date, ÷ both), how many of those missed, the
    /// satisfaction of follow-ups on its cases. Best on-time rate first, then fewer overdue,
    /// then the faster median; a department with nothing to measure comes last.
    /// </summary>
    public static IReadOnlyList<DepartmentScore> DepartmentRanking(
        IEnumerable<Guid> departmentIds,
        IEnumerable<SummonsFact> summonses,
        IEnumerable<CaseFact> cases,
        IEnumerable<FollowUpFact> followUps,
        Period period,
        DateTimeOffset now)
    {
        var issued = summonses.Where(s => s.Counts && period.Contains(s.SummonedAt)).ToLookup(s => s.DepartmentId);
        var due = cases.Where(c => c.DepartmentId is not null && c.DueAt is { } d && period.Contains(d) && d <= now).ToLookup(c => c.DepartmentId!.Value);
        var handled = cases.Where(c => c.DepartmentId is not null && c.ResultAt is { } r && period.Contains(r)).CountBy(c => c.DepartmentId!.Value).ToDictionary();
        var answers = followUps.Where(f => f.DepartmentId is not null && period.Contains(f.At)).ToLookup(f => f.DepartmentId!.Value);

        var scores = departmentIds.Distinct().Select(id =>
        {
            var own = issued[id].ToList();
            var missedSummonses = own.Count(s => s.MissedADeadline(now));
            var ownCases = due[id].ToList();
            var lateCases = ownCases.Count(c => c.ResultAt is not { } r || r > c.DueAt);
            var acknowledged = own.Where(s => s.AcknowledgedAt is not null).Select(s => s.AcknowledgedAt!.Value - s.SummonedAt).Order().ToList();
            var satisfaction = answers[id].ToList();
            var measured = own.Count + ownCases.Count;
            return new DepartmentScore(
                id,
                own.Count,
                new Rate(own.Count(s => s.AcknowledgedInTime), own.Count(s => s.AcknowledgedAt is not null || now > s.AcknowledgeDueAt)),
                acknowledged.Count == 0 ? null : KpiCalculator.Median(acknowledged),
                new Rate(measured - missedSummonses - lateCases, measured),
                missedSummonses + lateCases,
                new Rate(satisfaction.Count(f => f.Satisfied), satisfaction.Count),
                handled.GetValueOrDefault(id));
        });
        return Ranked(scores);
    }

    /// <summary>Best on-time rate first, then fewer overdue, then the faster median; nothing to measure last; ties share a rank.</summary>
    internal static IReadOnlyList<DepartmentScore> Ranked(IEnumerable<DepartmentScore> unranked)
    {
        var scores = unranked
            .OrderBy(s => s.OnTime.Value is null)
            .ThenByDescending(s => s.OnTime.Value ?? 0)
            .ThenBy(s => s.Overdue)
            .ThenBy(s => s.AcknowledgementMedian ?? TimeSpan.MaxValue)
            .ToList();

        var ranked = new List<DepartmentScore>(scores.Count);
        for (var i = 0; i < scores.Count; i++)
        {
            var tie = i > 0 && SameStanding(scores[i], scores[i - 1]);
            ranked.Add(scores[i] with { Rank = tie ? ranked[i - 1].Rank : i + 1 });
        }

        return ranked;
    }

    /// <summary>
    /// Every category with cases received in the period or the one before, most first. The
    /// previous period's counts come from <paramref name="receivedBefore"/> when given (a report
    /// over a long period counts them in the database rather than reading those cases),
    /// otherwise from the cases.
    /// </summary>
    public static IReadOnlyList<CategoryLine> CategoryBreakdown(IEnumerable<CaseFact> cases, Period period, IReadOnlyDictionary<CaseCategory, int>? receivedBefore = null)
    {
        var list = cases as IReadOnlyCollection<CaseFact> ?? [.. cases];
        var now = KpiCalculator.ReceivedByCategory(list, period);
        var before = receivedBefore ?? KpiCalculator.ReceivedByCategory(list, period.Previous);
        var open = list.Where(c => c.IsOpenAt(period.To)).CountBy(c => c.Category).ToDictionary();
        var total = now.Values.Sum();
        return [.. now.Keys.Union(before.Keys)
            .Select(category => new CategoryLine(category, now.GetValueOrDefault(category), before.GetValueOrDefault(category),
                total == 0 ? 0 : (double)now.GetValueOrDefault(category) / total, open.GetValueOrDefault(category)))
            .OrderByDescending(l => l.Count)
            .ThenByDescending(l => l.PreviousCount)
            .ThenBy(l => l.Category)];
    }

    /// <summary>Per township: received and closed in the period, open at its end, on-time completion and satisfaction.</summary>
    public static IReadOnlyList<TownshipLine> TownshipBreakdown(IEnumerable<Guid> townshipIds, IEnumerable<CaseFact> cases, IEnumerable<FollowUpFact> followUps, Period period, DateTimeOffset now)
    {
        var byTownship = cases.Where(c => c.TownshipId is not null).ToLookup(c => c.TownshipId!.Value);
        var answers = followUps.Where(f => f.TownshipId is not null && period.Contains(f.At)).ToLookup(f => f.TownshipId!.Value);
        return [.. townshipIds.Distinct().Select(id =>
        {
            var own = byTownship[id].ToList();
            var satisfaction = answers[id].ToList();
            return new TownshipLine(
                id,
                own.Count(c => period.Contains(c.ReceivedAt)),
                own.Count(c => c.ClosedAt is { } at && period.Contains(at)),
                own.Count(c => c.IsOpenAt(period.To)),
                KpiCalculator.OnTimeCompletion(own, period, now),
                new Rate(satisfaction.Count(f => f.Satisfied), satisfaction.Count));
        })];
    }

    /// <summary>The bucket a trend over the period uses: days up to two months, weeks up to half a year, then months.</summary>
    public static Bucket BucketFor(Period period) =>
        period.Length <= TimeSpan.FromDays(62) ? Bucket.Day : period.Length <= TimeSpan.FromDays(190) ? Bucket.Week : Bucket.Month;

    /// <summary>Cases received and closed per bucket over the period, every bucket present even when empty (China time).</summary>
    public static IReadOnlyList<TrendPoint> Trend(IEnumerable<CaseFact> cases, Period period, Bucket bucket, TimeSpan offset)
    {
        DateOnly Local(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(offset).DateTime);
        var list = cases as IReadOnlyCollection<CaseFact> ?? [.. cases];
        var received = list.Where(c => period.Contains(c.ReceivedAt)).CountBy(c => StartOf(Local(c.ReceivedAt), bucket)).ToDictionary();
        var closed = list.Where(c => c.ClosedAt is { } at && period.Contains(at)).CountBy(c => StartOf(Local(c.ClosedAt!.Value), bucket)).ToDictionary();
        return [.. Buckets(period, bucket, offset).Select(start => new TrendPoint(start, received.GetValueOrDefault(start), closed.GetValueOrDefault(start)))];
    }

    /// <summary>The first day of the bucket a local day falls in.</summary>
    internal static DateOnly StartOf(DateOnly day, Bucket bucket) => bucket switch
    {
        Bucket.Day => day,
        Bucket.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        _ => new DateOnly(day.Year, day.Month, 1),
    };

    /// <summary>The first days of every bucket the period touches (local time), oldest first.</summary>
    internal static IEnumerable<DateOnly> Buckets(Period period, Bucket bucket, TimeSpan offset)
    {
        DateOnly Local(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(offset).DateTime);
        var last = Local(period.To - TimeSpan.FromTicks(1));
        for (var start = StartOf(Local(period.From), bucket); start <= last; start = bucket switch
        {
            Bucket.Day => start.AddDays(1),
            Bucket.Week => start.AddDays(7),
            _ => start.AddMonths(1),
        })
        {
            yield return start;
        }
    }

    private static bool SameStanding(DepartmentScore a, DepartmentScore b) =>
        a.OnTime == b.OnTime && a.Overdue == b.Overdue && a.AcknowledgementMedian == b.AcknowledgementMedian;
}
