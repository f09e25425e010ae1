using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;

namespace Dispatch.Domain.Reports;

/// <summary>
/// The daily counts of an area summed over a period: per breakdown (<see cref="Of"/>) and, for
/// the area's total, per China-local day (<see cref="Days"/>, for the trend). The caller sums
/// each moment over its own window: due dates only up to now.
/// </summary>
public sealed class PeriodTally(IReadOnlyDictionary<(TallyKind Kind, string Key), TallyCounts> sums, IReadOnlyDictionary<DateOnly, TallyCounts> days)
{
    public TallyCounts Total => Of(TallyKind.Total, string.Empty);

    public IReadOnlyDictionary<DateOnly, TallyCounts> Days { get; } = days;

    public TallyCounts Of(TallyKind kind, string key) => sums.GetValueOrDefault((kind, key));

    public TallyCounts Of(Guid id, TallyKind kind) => Of(kind, CaseTally.KeyOf(id));

    /// <summary>Received per category (categories with none left out).</summary>
    public Dictionary<CaseCategory, int> ReceivedByCategory() =>
        sums.Where(s => s.Key.Kind == TallyKind.Category && s.Value.Received != 0)
            .ToDictionary(s => (CaseCategory)int.Parse(s.Key.Key, System.Globalization.CultureInfo.InvariantCulture), s => s.Value.Received);

    /// <summary>Sums one area's tallies: per breakdown, and the total's per day.</summary>
    public static PeriodTally Sum(IEnumerable<KeyValuePair<TallyKey, TallyCounts>> tallies)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        var sums = new Dictionary<(TallyKind, string), TallyCounts>();
        var days = new Dictionary<DateOnly, TallyCounts>();
        foreach (var (key, counts) in tallies)
        {
            sums[(key.Kind, key.Key)] = sums.GetValueOrDefault((key.Kind, key.Key)) + counts;
            if (key.Kind == TallyKind.Total)
            {
                days[key.Day] = days.GetValueOrDefault(key.Day) + counts;
            }
        }

        return new PeriodTally(sums, days);
    }
}

/// <summary>
/// The report's tables from summed counts: the same definitions as <see cref="ReportCalculator"/>
/// and <see cref="KpiCalculator"/> over rows (a test holds them equal), without reading a row per case.
/// </summary>
public static class TallyCalculator
{
    public static Rate TimelyAcceptance(PeriodTally tally) => new(tally.Total.AcceptedInTime, tally.Total.Received);

    public static Rate OnTimeCompletion(TallyCounts counts) => new(counts.DueClosedInTime, counts.Due);

    public static Rate SatisfactionRate(TallyCounts counts) => new(counts.Satisfied, counts.FollowUps);

    public static IReadOnlyList<LevelShare> LevelDistribution(PeriodTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var total = tally.Total;
        return [.. Enum.GetValues<CenterLevel>().Select(level =>
        {
            var count = total.ClosedAt(level);
            return new LevelShare(level, count, total.ClosedWithLevel == 0 ? 0 : (double)count / total.ClosedWithLevel);
        })];
    }

    public static IReadOnlyList<CategoryTrend> TopCategories(PeriodTally tally, IReadOnlyDictionary<CaseCategory, int> receivedBefore, int top = 5)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return [.. tally.ReceivedByCategory()
            .Select(kv => new CategoryTrend(kv.Key, kv.Value, receivedBefore.GetValueOrDefault(kv.Key)))
            .OrderByDescending(t => t.Count)
            .ThenBy(t => Labels.Of(t.Category), StringComparer.Ordinal)
            .Take(top)];
    }

    /// <summary>
    /// <see cref="ReportCalculator.DepartmentRanking"/> from counts: the cases' part from the
    /// daily counts (due in the period up to now and of them with the result in by the due date,
    /// results in, follow-ups), the summonses' as counted (<see cref="SummonsTally"/>) with their
    /// acknowledgement times.
    /// </summary>
    public static IReadOnlyList<DepartmentScore> DepartmentRanking(
        IEnumerable<Guid> departmentIds,
        IReadOnlyDictionary<Guid, SummonsTally> summonses,
        IReadOnlyDictionary<Guid, AcknowledgementTime> acknowledgements,
        PeriodTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(summonses);
        ArgumentNullException.ThrowIfNull(acknowledgements);
        var scores = departmentIds.Distinct().Select(id =>
        {
            var own = summonses.GetValueOrDefault(id) ?? new SummonsTally(id, 0, 0, 0, 0);
            var counts = tally.Of(id, TallyKind.Department);
            var lateCases = counts.Due - counts.DueResultInTime;
            var measured = own.Issued + counts.Due;
            return new DepartmentScore(
                id,
                own.Issued,
                new Rate(own.AcknowledgedInTime, own.AcknowledgementMeasured),
                acknowledgements.GetValueOrDefault(id)?.Median,
                new Rate(measured - own.Missed - lateCases, measured),
                own.Missed + lateCases,
                SatisfactionRate(counts),
                counts.Results);
        });
        return ReportCalculator.Ranked(scores);
    }

    public static IReadOnlyList<CategoryLine> CategoryBreakdown(PeriodTally tally, IReadOnlyDictionary<CaseCategory, int> receivedBefore, IReadOnlyDictionary<CaseCategory, int> openAtEnd)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var now = tally.ReceivedByCategory();
        var total = now.Values.Sum();
        return [.. now.Keys.Union(receivedBefore.Where(kv => kv.Value != 0).Select(kv => kv.Key))
            .Select(category => new CategoryLine(category, now.GetValueOrDefault(category), receivedBefore.GetValueOrDefault(category),
                total == 0 ? 0 : (double)now.GetValueOrDefault(category) / total, openAtEnd.GetValueOrDefault(category)))
            .OrderByDescending(l => l.Count)
            .ThenByDescending(l => l.PreviousCount)
            .ThenBy(l => l.Category)];
    }

    public static IReadOnlyList<TownshipLine> TownshipBreakdown(IEnumerable<Guid> townshipIds, PeriodTally tally, IReadOnlyDictionary<Guid, int> openAtEnd)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return [.. townshipIds.Distinct().Select(id =>
        {
            var counts = tally.Of(id, TallyKind.Township);
            return new TownshipLine(id, counts.Received, counts.Closed, openAtEnd.GetValueOrDefault(id), OnTimeCompletion(counts), SatisfactionRate(counts));
        })];
    }

    /// <summary>Received and closed per bucket from the per-day totals, every bucket present even when empty.</summary>
    public static IReadOnlyList<TrendPoint> Trend(PeriodTally tally, Period period, Bucket bucket, TimeSpan offset)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var received = new Dictionary<DateOnly, int>();
        var closed = new Dictionary<DateOnly, int>();
        foreach (var (day, counts) in tally.Days)
        {
            var start = ReportCalculator.StartOf(day, bucket);
            received[start] = received.GetValueOrDefault(start) + counts.Received;
            closed[start] = closed.GetValueOrDefault(start) + counts.Closed;
        }

        return [.. ReportCalculator.Buckets(period, bucket, offset).Select(start => new TrendPoint(start, received.GetValueOrDefault(start), closed.GetValueOrDefault(start)))];
    }
}
