using Dispatch.Domain.Common;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Whistles;

namespace Dispatch.Domain.Reports;

/// <summary>What someone still owes on a case: a summons step or the case's own 办理期限.</summary>
public enum ObligationKind
{
    Acknowledge = 1,
    OnSite = 2,
    Result = 3,
    CaseDue = 4,
}

/// <summary>One open obligation: who owes what on which case, by when.</summary>
public sealed record Obligation(string CaseCode, string CaseTitle, Guid? DepartmentId, string Owner, ObligationKind Kind, DateTimeOffset DueAt);

public sealed record OverdueItem(Obligation Obligation, TimeSpan OverdueBy);

/// <summary>One department's overdue list; the center's own cases are listed under 中心.</summary>
public sealed record DepartmentOverdue(string Owner, IReadOnlyList<OverdueItem> Items);

public sealed record BulletinNumbers(
    int Received,
    int Closed,
    int WhistlesBlown,
    int OpenCases,
    Rate TimelyAcceptance,
    Rate OnSiteResolution,
    Rate Satisfaction,
    TimeSpan? AcknowledgementMedian,
    int SecondSupervisions);

/// <summary>每日信访通报: the day's numbers, who is overdue, what people raised most, what falls due next.</summary>
public sealed record BulletinContent(
    DateOnly Day,
    DateTimeOffset ComposedAt,
    DateOnly NextWorkingDay,
    BulletinNumbers Numbers,
    IReadOnlyList<DepartmentOverdue> Overdue,
    IReadOnlyList<CategoryLine> TopCategories,
    IReadOnlyList<Obligation> DueNext)
{
    public int OverdueCount => Overdue.Sum(d => d.Items.Count);
}

/// <summary>Composes the daily bulletin from facts; pure, so a fixed day gives a fixed bulletin.</summary>
public static class BulletinComposer
{
    public const string CenterOwner = "中心";
    private static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;
    private const int TopCategoryCount = 5;

    /// <summary>
    /// The bulletin of <paramref name="day"/> as of <paramref name="at"/> (normally 17:00 that
    /// day). The numbers cover the local day up to then; the overdue list is every obligation
    /// past due at that moment, grouped by who owes it (most overdue first); the categories
    /// compare the day with the day before; "due next" is what falls due before the end of the
    /// next working day.
    /// </summary>
    public static BulletinContent Compose(
        DateOnly day,
        DateTimeOffset at,
        WorkingCalendar calendar,
        IReadOnlyCollection<CaseFact> cases,
        IReadOnlyCollection<WhistleFact> whistles,
        IReadOnlyCollection<FollowUpFact> followUps,
        IReadOnlyCollection<AcknowledgementFact> acknowledgements,
        IReadOnlyCollection<Obligation> open)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), calendar.UtcOffset);
        var today = new Period(start, at);
        var wholeDay = new Period(start, start.AddDays(1));
        var next = day.AddDays(1);
        while (!calendar.IsWorkingDay(next))
        {
            next = next.AddDays(1);
        }

        var nextEnd = new DateTimeOffset(next.AddDays(1).ToDateTime(TimeOnly.MinValue), calendar.UtcOffset);
        var numbers = new BulletinNumbers(
            cases.Count(c => today.Contains(c.ReceivedAt)),
            cases.Count(c => c.ClosedAt is { } closed && today.Contains(closed)),
            whistles.Count(w => today.Contains(w.BlownAt)),
            cases.Count(c => c.IsOpenAt(at)),
            KpiCalculator.TimelyAcceptance(cases, today),
            KpiCalculator.OnSiteResolution(whistles, today),
            KpiCalculator.SatisfactionRate(followUps, today),
            KpiCalculator.AcknowledgementTimeOverall(acknowledgements, today)?.Median,
            KpiCalculator.SecondSupervisions(followUps, today));

        var overdue = open
            .Where(o => o.DueAt < at)
            .GroupBy(o => o.Owner)
            .Select(g => new DepartmentOverdue(g.Key, [.. g.OrderBy(o => o.DueAt).ThenBy(o => o.CaseCode, StringComparer.Ordinal).Select(o => new OverdueItem(o, at - o.DueAt))]))
            .OrderByDescending(d => d.Items.Count)
            .ThenBy(d => d.Owner == CenterOwner)
            .ThenBy(d => d.Owner, StringComparer.Ordinal)
            .ToList();

        var categories = ReportCalculator.CategoryBreakdown(cases, wholeDay).Where(l => l.Count > 0).Take(TopCategoryCount).ToList();
        var dueNext = open
            .Where(o => o.DueAt >= at && o.DueAt < nextEnd)
            .OrderBy(o => o.DueAt).ThenBy(o => o.CaseCode, StringComparer.Ordinal)
            .ToList();
        return new BulletinContent(day, at, next, numbers, overdue, categories, dueNext);
    }

    /// <summary>Words for an obligation as the bulletin prints it: 报到、到场、反馈、办结.</summary>
    public static string Of(ObligationKind kind) => kind switch
    {
        ObligationKind.Acknowledge => "报到",
        ObligationKind.OnSite => "到场",
        ObligationKind.Result => "反馈",
        ObligationKind.CaseDue => "办结",
        _ => $"未知（{(int)kind}）",
    };

    /// <summary>A bulletin's number within its year: 2026年第 231 期.</summary>
    public static string Number(DateOnly day, int sequence) => $"{day.Year}年第 {sequence} 期";

    /// <summary>The day the bulletin of <paramref name="at"/> belongs to (China time).</summary>
    public static DateOnly DayOf(DateTimeOffset at, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return DateOnly.FromDateTime(at.ToOffset(calendar.UtcOffset).DateTime);
    }

    internal static string Describe(TimeSpan overdueBy) =>
        overdueBy.TotalDays >= 1 ? $"{(int)overdueBy.TotalDays}天{overdueBy.Hours}小时" : overdueBy.TotalHours >= 1 ? $"{(int)overdueBy.TotalHours}小时{overdueBy.Minutes}分" : $"{Math.Max(1, overdueBy.Minutes)}分钟";

    /// <summary>The bulletin as plain text, for e-mail and the log sink.</summary>
    public static string ToText(BulletinContent content, string title)
    {
        ArgumentNullException.ThrowIfNull(content);
        var n = content.Numbers;
        var lines = new List<string>
        {
            title,
            $"{content.Day.ToString("yyyy年M月d日", Invariant)}（截至 {content.ComposedAt.ToOffset(WorkingCalendar.ChinaStandardTime).ToString("HH:mm", Invariant)}）",
            string.Empty,
            $"一、今日概况：受理 {n.Received} 件，办结 {n.Closed} 件，吹哨 {n.WhistlesBlown} 次，在办 {n.OpenCases} 件；受理及时率 {n.TimelyAcceptance}，现场化解率 {n.OnSiteResolution}，群众满意率 {n.Satisfaction}，部门报到用时中位数 {(n.AcknowledgementMedian is { } m ? Describe(m) : "—")}，二次督办 {n.SecondSupervisions} 件。",
            string.Empty,
            content.OverdueCount == 0 ? "二、超期事项：无。" : $"二、超期事项（共 {content.OverdueCount} 项）：",
        };
        foreach (var department in content.Overdue)
        {
            lines.Add($"  {department.Owner}（{department.Items.Count} 项）");
            lines.AddRange(department.Items.Select(i => $"    {i.Obligation.CaseCode} {i.Obligation.CaseTitle}：{Of(i.Obligation.Kind)}超期 {Describe(i.OverdueBy)}"));
        }

        lines.Add(string.Empty);
        lines.Add(content.TopCategories.Count == 0 ? "三、今日诉求类别：无新受理。" : "三、今日诉求类别：" + string.Join("；", content.TopCategories.Select(c => $"{Labels.Of(c.Category)} {c.Count} 件（前一日 {c.PreviousCount} 件）")));
        lines.Add(string.Empty);
        lines.Add(content.DueNext.Count == 0 ? $"四、{content.NextWorkingDay.ToString("M月d日", Invariant)}前到期：无。" : $"四、{content.NextWorkingDay.ToString("M月d日", Invariant)}（下一工作日）结束前到期（共 {content.DueNext.Count} 项）：");
        lines.AddRange(content.DueNext.Select(o => $"    {Labels.Time(o.DueAt)} {o.Owner} {o.CaseCode} {o.CaseTitle}：{Of(o.Kind)}"));
        return string.Join('\n', lines);
    }
}

public sealed record BulletinPublished(Guid BulletinId, DateOnly Day, string Number, IReadOnlyList<Guid> DepartmentIds, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>
/// One day's stored bulletin (每日信访通报): composed once per working day, numbered within its
/// year, delivered to every department's terminal and through the configured senders.
/// </summary>
public sealed class Bulletin : AggregateRoot
{
    private Bulletin()
    {
    }

    public DateOnly Day { get; private set; }

    /// <summary>The bulletin's place in its year (第 N 期).</summary>
    public int Sequence { get; private set; }

    public string Number { get; private set; } = string.Empty;

    public string Title { get; private set; } = string.Empty;

    public DateTimeOffset ComposedAt { get; private set; }

    public BulletinContent Content { get; private set; } = default!;

    /// <summary>The plain-text form, as mailed.</summary>
    public string Text { get; private set; } = string.Empty;

    /// <summary>Set by the one node that takes the delivery, so a bulletin is never mailed twice.</summary>
    public DateTimeOffset? DeliveryClaimedAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public string? DeliveryError { get; private set; }

    public static Bulletin Publish(Guid id, int sequence, string areaName, BulletinContent content, IReadOnlyList<Guid> departmentIds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        var number = BulletinComposer.Number(content.Day, sequence);
        var bulletin = new Bulletin
        {
            Id = id,
            Day = content.Day,
            Sequence = sequence,
            Number = number,
            Title = $"{areaName}每日信访通报（{number}）",
            ComposedAt = Guard.Utc(content.ComposedAt),
            Content = content,
        };
        bulletin.Text = BulletinComposer.ToText(content, bulletin.Title);
        bulletin.Raise(new BulletinPublished(id, content.Day, number, departmentIds, now));
        return bulletin;
    }

    public void Delivered(DateTimeOffset now, string? error)
    {
        DeliveredAt = Guard.Utc(now);
        DeliveryError = error;
    }
}
