using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Whistles;

namespace Dispatch.Domain.Messaging;

/// <summary>A department's people as the text rules need them: who is on duty, and the head (who has no account).</summary>
public sealed record DepartmentContacts(Guid DepartmentId, string DepartmentName, IReadOnlyList<StaffContact> Staff, string? HeadName, string? HeadPhone);

public sealed record StaffContact(Guid StaffId, string Name, string? Phone, bool OnDuty);

/// <summary>Who a text goes to, and who should have had it but has no mobile number on file (named, so someone adds it).</summary>
public sealed record TextAudience(IReadOnlyList<TextRecipient> Recipients, IReadOnlyList<SkippedRecipient> Skipped);

/// <summary>Who is texted for what (the paging rules), and how often one phone may be texted.</summary>
public static class TextRules
{
    /// <summary>
    /// A summons goes to the department's staff on duty (值班在岗); with nobody on duty, to all its
    /// staff and its head. <see cref="TextPurpose.Reminder"/> likewise; 催办 and the nobody-present
    /// urge go to the head.
    /// </summary>
    public static TextAudience For(TextPurpose purpose, DepartmentContacts department)
    {
        ArgumentNullException.ThrowIfNull(department);
        var onDuty = department.Staff.Where(s => s.OnDuty).ToList();
        var people = new List<(Guid? StaffId, string Name, string? Phone)>();
        if (purpose is TextPurpose.Summons or TextPurpose.Reminder)
        {
            people.AddRange((onDuty.Count > 0 ? onDuty : department.Staff).Select(s => ((Guid?)s.StaffId, s.Name, s.Phone)));
        }

        if (purpose is TextPurpose.Urge or TextPurpose.NobodyPresent || (purpose == TextPurpose.Summons && onDuty.Count == 0))
        {
            people.Add((null, department.HeadName is { Length: > 0 } head ? $"{head}（{department.DepartmentName}负责人）" : $"{department.DepartmentName}负责人", department.HeadPhone));
        }

        return Sort(people);
    }

    /// <summary>Whether a reply to a text reports for duty: 「1」 or 「报到」, spaces around it ignored.</summary>
    public static bool IsAcknowledgement(string? reply) => (reply ?? string.Empty).Trim() is "1" or "报到";

    /// <summary>The texts of an escalation step: 提醒 → the on-duty staff, 催办 → the head; the console's 督办 and 升级 are not texted.</summary>
    public static TextPurpose? PurposeOf(EscalationAction action, bool nobodyPresent) => action switch
    {
        EscalationAction.RemindTerminal => TextPurpose.Reminder,
        EscalationAction.UrgeDepartmentHead => nobodyPresent ? TextPurpose.NobodyPresent : TextPurpose.Urge,
        _ => null,
    };

    /// <summary>Splits people into those with a mainland mobile (one text per number) and those without, by name.</summary>
    public static TextAudience Sort(IEnumerable<(Guid? StaffId, string Name, string? Phone)> people)
    {
        ArgumentNullException.ThrowIfNull(people);
        var recipients = new List<TextRecipient>();
        var skipped = new List<SkippedRecipient>();
        foreach (var (staffId, name, phone) in people)
        {
            if (MobileNumber.Normalize(phone) is not { } mobile)
            {
                skipped.Add(new SkippedRecipient(staffId, name, phone, string.IsNullOrWhiteSpace(phone) ? "未登记手机号" : $"{phone} 不是手机号码"));
            }
            else if (recipients.All(r => r.Phone != mobile))
            {
                recipients.Add(new TextRecipient(staffId, name, mobile));
            }
        }

        return new TextAudience(recipients, skipped);
    }

    /// <summary>
    /// When the next text may go to a phone that was texted at <paramref name="recentSends"/>:
    /// at most <paramref name="limit"/> in any <paramref name="window"/> (carriers block numbers
    /// flooded faster). Now, or when the oldest send in the window falls out of it.
    /// </summary>
    public static DateTimeOffset NextAllowed(IReadOnlyCollection<DateTimeOffset> recentSends, int limit, TimeSpan window, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(recentSends);
        if (limit < 1)
        {
            throw new DomainException("每个手机号的短信限额至少为 1 条。");
        }

        var inWindow = recentSends.Where(t => t > now - window && t <= now).OrderByDescending(t => t).ToList();
        return inWindow.Count < limit ? now : inWindow[limit - 1] + window;
    }
}

/// <summary>What a summons text says about its case.</summary>
public sealed record SummonsFacts(string CaseCode, string Title, string? Place, string DepartmentName, DateTimeOffset AcknowledgeDueAt, string Link);

/// <summary>The words of each text (zh-CN). Short: a text over 70 characters is sent in parts.</summary>
public static class TextTemplates
{
    public const string Help = "回复「1」或「报到」即确认最近一次召集；其他事项请打开短信中的链接或致电综治中心。";

    public static string Summons(SummonsFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return $"吹哨召集：请{facts.DepartmentName}于{Clock(facts.AcknowledgeDueAt)}前报到。案件{facts.CaseCode}「{facts.Title}」{Where(facts.Place)}。报到请点 {facts.Link} 或回复1";
    }

    /// <summary>提醒: says which step is late (or soon due) and by when.</summary>
    public static string Reminder(SummonsFacts facts, DeadlineKind deadline, DateTimeOffset dueAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return $"提醒：案件{facts.CaseCode}召集{facts.DepartmentName}，{Labels.Of(deadline)}时限{Clock(dueAt)}，{Lateness(dueAt, now)}。请尽快处理 {facts.Link}";
    }

    /// <summary>催办 to the department head: which step the department has not done, since when.</summary>
    public static string Urge(SummonsFacts facts, DeadlineKind deadline, DateTimeOffset dueAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return $"催办：{facts.DepartmentName}未在{Clock(dueAt)}前完成案件{facts.CaseCode}「{facts.Title}」的{Labels.Of(deadline)}（{Lateness(dueAt, now)}），请督促落实 {facts.Link}";
    }

    public static string NobodyPresent(SummonsFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return $"催办：{facts.DepartmentName}被吹哨召集时无人在岗。案件{facts.CaseCode}「{facts.Title}」，请于{Clock(facts.AcknowledgeDueAt)}前安排人员报到 {facts.Link}";
    }

    public static string Acknowledged(string caseCode, string departmentName) =>
        $"已为{departmentName}报到：案件{caseCode}。请按时到场并反馈结果。";

    public static string Bulletin(DateOnly day, int received, int closed, int overdue, IReadOnlyList<string> overdueDepartments, string link)
    {
        ArgumentNullException.ThrowIfNull(overdueDepartments);
        var late = overdueDepartments.Count == 0 ? "无超期部门" : $"超期：{string.Join("、", overdueDepartments.Take(4))}{(overdueDepartments.Count > 4 ? "等" : string.Empty)}";
        return $"{day.Month}月{day.Day}日信访通报：受理{received}件，办结{closed}件，超期未结{overdue}件；{late}。详见 {link}";
    }

    private static string Where(string? place) => string.IsNullOrWhiteSpace(place) ? string.Empty : $"，地点：{place}";

    private static string Clock(DateTimeOffset at) => at.ToOffset(WorkingCalendar.ChinaStandardTime).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static string Lateness(DateTimeOffset dueAt, DateTimeOffset now)
    {
        var minutes = (int)Math.Round((now - dueAt).TotalMinutes);
        return minutes switch
        {
            > 0 => $"已超时{Duration(minutes)}",
            0 => "已到期",
            _ => $"还剩{Duration(-minutes)}",
        };
    }

    private static string Duration(int minutes) => minutes >= 60 ? $"{minutes / 60}小时{(minutes % 60 > 0 ? $"{minutes % 60}分钟" : string.Empty)}" : $"{minutes}分钟";
}
