using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;

namespace Dispatch.Domain.Kpis;

/// <summary>A ratio with its parts, so reports can show "153 / 270" beside "56.7 %".</summary>
public readonly record struct Rate(int Numerator, int Denominator)
{
    /// <summary>Null when there is nothing to measure (no denominator), never a misleading 0 % or 100 %.</summary>
    public double? Value => Denominator == 0 ? null : (double)Numerator / Denominator;

    public override string ToString() => Value is { } v ? $"{v:P1}（{Numerator}/{Denominator}）" : "—";
}

public sealed record AcknowledgementTime(Guid DepartmentId, int Count, TimeSpan Median, TimeSpan Percentile90);

public sealed record CategoryTrend(CaseCategory Category, int Count, int PreviousCount)
{
    /// <summary>Change against the previous period of the same length; null when it had none.</summary>
    public double? Change => PreviousCount == 0 ? null : (double)(Count - PreviousCount) / PreviousCount;

    public bool Rising => Count > PreviousCount;
}

public sealed record LevelShare(CenterLevel Level, int Count, double Share);

/// <summary>
/// The KPIs exactly as design.md defines them, over a half-open period. Pure functions of the
/// facts passed in; <c>now</c> bounds what can already be "due".
/// </summary>
public static class KpiCalculator
{
    /// <summary>on-site resolution rate = resolved on site ÷ handled jointly on site (whistles closed in the period).</summary>
    public static Rate OnSiteResolution(IEnumerable<WhistleFact> whistles, Period period)
    {
        return Tally(whistles, w => w.ClosedAt is { } at && period.Contains(at) && w.HandledJointlyOnSite, w => w.Outcome == WhistleOutcome.ResolvedOnSite);
    }

    /// <summary>timely acceptance rate = cases decided (受理 or 不予受理) within the acceptance limit ÷ cases received in the period.</summary>
    public static Rate TimelyAcceptance(IEnumerable<CaseFact> cases, Period period)
    {
        return Tally(cases, c => period.Contains(c.ReceivedAt), c => c.AcceptedAt <= c.AcceptanceDueAt);
    }

    /// <summary>on-time completion rate = cases closed by their due date ÷ cases whose due date fell in the period (up to now).</summary>
    public static Rate OnTimeCompletion(IEnumerable<CaseFact> cases, Period period, DateTimeOffset now)
    {
        return Tally(cases, c => c.DueAt is { } d && period.Contains(d) && d <= now, c => c.ClosedAt is { } closed && closed <= c.DueAt);
    }

    /// <summary>satisfaction rate = (satisfied + basically satisfied) ÷ follow-ups done in the period.</summary>
    public static Rate SatisfactionRate(IEnumerable<FollowUpFact> followUps, Period period)
    {
        return Tally(followUps, f => period.Contains(f.At), f => f.Satisfied);
    }

    /// <summary>二次督办 started in the period: follow-ups where the citizen was dissatisfied and the case went back.</summary>
    public static int SecondSupervisions(IEnumerable<FollowUpFact> followUps, Period period) =>
        followUps.Count(f => period.Contains(f.At) && f.Satisfaction == Satisfaction.Dissatisfied);

    /// <summary>
    /// Acknowledgement time per department, whistle → acknowledged, for summonses issued in the
    /// period and acknowledged: the median and the 90th percentile (nearest rank).
    /// </summary>
    public static IReadOnlyList<AcknowledgementTime> AcknowledgementTimes(IEnumerable<AcknowledgementFact> summonses, Period period) =>
        AcknowledgementTimes(summonses
            .Where(s => period.Contains(s.SummonedAt) && s.AcknowledgedAt is not null)
            .Select(s => (s.DepartmentId, s.AcknowledgedAt!.Value - s.SummonedAt)));

    /// <summary>
    /// <see cref="AcknowledgementTimes(IEnumerable{AcknowledgementFact}, Period)"/> from the times
    /// themselves (whistle → acknowledged per summons, already of the period).
    /// </summary>
    public static IReadOnlyList<AcknowledgementTime> AcknowledgementTimes(IEnumerable<(Guid DepartmentId, TimeSpan Time)> acknowledged) =>
        [.. acknowledged
            .GroupBy(a => a.DepartmentId)
            .Select(g =>
            {
                var times = g.Select(a => a.Time).Order().ToList();
                return new AcknowledgementTime(g.Key, times.Count, Median(times), NearestRank(times, 0.9));
            })
            .OrderBy(a => a.Median)
            .ThenBy(a => a.DepartmentId)];

    private static int PercentileRank(int count, double percentile) => Math.Clamp((int)Math.Ceiling(percentile * count), 1, count);

    /// <summary>Acknowledgement time over every department together; null when nothing was acknowledged in the period.</summary>
    public static AcknowledgementTime? AcknowledgementTimeOverall(IEnumerable<AcknowledgementFact> summonses, Period period) =>
        AcknowledgementTimes(summonses.Select(s => s with { DepartmentId = Guid.Empty }), period) is [var all] ? all : null;

    /// <summary>Share of cases closed in the period at village / township / county level.</summary>
    public static IReadOnlyList<LevelShare> LevelDistribution(IEnumerable<CaseFact> cases, Period period)
    {
        var closed = cases.Where(c => c.ClosedAt is { } at && period.Contains(at) && c.ClosedAtLevel is not null).ToList();
        return [.. Enum.GetValues<CenterLevel>().Select(level =>
        {
            var count = closed.Count(c => c.ClosedAtLevel == level);
            return new LevelShare(level, count, closed.Count == 0 ? 0 : (double)count / closed.Count);
        })];
    }

    /// <summary>
    /// Top categories by cases received in the period, with the previous period of the same
    /// length (from <paramref name="receivedBefore"/> when given, otherwise counted in the cases).
    /// </summary>
    public static IReadOnlyList<CategoryTrend> TopCategories(IEnumerable<CaseFact> cases, Period period, int top = 5, IReadOnlyDictionary<CaseCategory, int>? receivedBefore = null)
    {
        var list = cases as IReadOnlyCollection<CaseFact> ?? [.. cases];
        var now = ReceivedByCategory(list, period);
        var before = receivedBefore ?? ReceivedByCategory(list, period.Previous);
        return [.. now
            .Select(kv => new CategoryTrend(kv.Key, kv.Value, before.GetValueOrDefault(kv.Key)))
            .OrderByDescending(t => t.Count)
            .ThenBy(t => Labels.Of(t.Category), StringComparer.Ordinal)
            .Take(top)];
    }

    /// <summary>Cases received in the period, per category.</summary>
    public static Dictionary<CaseCategory, int> ReceivedByCategory(IEnumerable<CaseFact> cases, Period period) =>
        cases.Where(c => period.Contains(c.ReceivedAt)).CountBy(c => c.Category).ToDictionary();

    /// <summary>
    /// Cases received and cases closed per local day, for <paramref name="days"/> days ending
    /// with the day of <paramref name="now"/> (oldest first, every day present even when zero).
    /// </summary>
    public static IReadOnlyList<DailyCount> DailyTrend(IEnumerable<CaseFact> cases, DateTimeOffset now, int days, TimeSpan offset)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var last = DateOnly.FromDateTime(now.ToOffset(offset).Date);
        var first = last.AddDays(1 - days);
        DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(offset).Date);
        var list = cases as IReadOnlyCollection<CaseFact> ?? [.. cases];
        var received = list.CountBy(c => Day(c.ReceivedAt)).ToDictionary();
        var closed = list.Where(c => c.ClosedAt is not null).CountBy(c => Day(c.ClosedAt!.Value)).ToDictionary();
        return [.. Enumerable.Range(0, days).Select(i => first.AddDays(i)).Select(d => new DailyCount(d, received.GetValueOrDefault(d), closed.GetValueOrDefault(d)))];
    }

    /// <summary>The facts that count (the denominator) and those of them that pass (the numerator), in one pass.</summary>
    internal static Rate Tally<T>(IEnumerable<T> facts, Func<T, bool> counts, Func<T, bool> passes)
    {
        int numerator = 0, denominator = 0;
        foreach (var fact in facts)
        {
            if (counts(fact))
            {
                denominator++;
                if (passes(fact))
                {
                    numerator++;
                }
            }
        }

        return new Rate(numerator, denominator);
    }

    internal static TimeSpan Median(IReadOnlyList<TimeSpan> sorted)
    {
        if (sorted.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    internal static TimeSpan NearestRank(IReadOnlyList<TimeSpan> sorted, double percentile)
    {
        if (sorted.Count == 0)
        {
            return TimeSpan.Zero;
        }

        return sorted[PercentileRank(sorted.Count, percentile) - 1];
    }
}
