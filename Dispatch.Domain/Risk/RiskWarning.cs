using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Whistles;

namespace Dispatch.Domain.Risk;

public enum RiskWarningStatus
{
    /// <summary>On the console and the wall until the director acts.</summary>
    Open = 1,

    /// <summary>Turned into a 风险警示函 to the responsible department.</summary>
    LetterIssued = 2,

    /// <summary>Looked at and set aside, with a reason.</summary>
    Dismissed = 3,
}

public enum RiskDecision
{
    Raise = 1,
    Refresh = 2,
    Quiet = 3,
}

public sealed record RiskWarningRaised(Guid WarningId, string Summary, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record WarningLetterIssued(Guid WarningId, Guid DepartmentId, string Number, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>The command staff looked at a warning and sent no letter.</summary>
public sealed record RiskWarningDismissed(Guid WarningId, string Summary, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>The department signed for its letter (签收).</summary>
public sealed record WarningLetterSigned(Guid WarningId, Guid DepartmentId, string Number, string By, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>The department answered the letter in writing (整改反馈).</summary>
public sealed record WarningFeedbackReceived(Guid WarningId, Guid DepartmentId, string Number, string DepartmentName, string By, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>
/// 风险预警: what a rule found, with the cases behind it. One open warning per rule and place
/// (or category); when the rule keeps firing it is refreshed, not repeated.
/// </summary>
public sealed class RiskWarning : AggregateRoot
{
    /// <summary>Working days the department has to answer a letter in writing.</summary>
    public const int FeedbackWorkingDays = 3;

    public const int MinFeedbackLength = 10;

    private List<Guid> _caseIds = [];

    private RiskWarning()
    {
    }

    public Guid RuleId { get; private set; }

    public string RuleName { get; private set; } = string.Empty;

    public string Key { get; private set; } = string.Empty;

    public RiskRuleKind Kind { get; private set; }

    public CaseCategory Category { get; private set; }

    public Guid? PlaceId { get; private set; }

    public string? PlaceName { get; private set; }

    public int Count { get; private set; }

    public int? PreviousCount { get; private set; }

    public int WindowDays { get; private set; }

    public string Summary { get; private set; } = string.Empty;

    public IReadOnlyList<Guid> CaseIds => _caseIds;

    public DateTimeOffset RaisedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public RiskWarningStatus Status { get; private set; }

    public DateTimeOffset? SettledAt { get; private set; }

    public string? SettledBy { get; private set; }

    public string? DismissReason { get; private set; }

    public string? LetterNumber { get; private set; }

    public Guid? LetterDepartmentId { get; private set; }

    public string? LetterDepartmentName { get; private set; }

    public string? LetterBody { get; private set; }

    public DateTimeOffset? LetterReadAt { get; private set; }

    public string? LetterReadBy { get; private set; }

    /// <summary>The letter asks for a written answer within <see cref="FeedbackWorkingDays"/> working days.</summary>
    public DateTimeOffset? FeedbackDueAt { get; private set; }

    public string? Feedback { get; private set; }

    public DateTimeOffset? FeedbackAt { get; private set; }

    public string? FeedbackBy { get; private set; }

    /// <summary>Sent, and the written answer has not come by its due time.</summary>
    public bool IsFeedbackOverdue(DateTimeOffset now) => Status == RiskWarningStatus.LetterIssued && FeedbackAt is null && FeedbackDueAt is { } due && now > due;

    public bool IsOpen => Status == RiskWarningStatus.Open;

    /// <summary>
    /// What to do with a signal given the latest warning of its rule and key: refresh an open
    /// one; stay quiet while a settled one is younger than the rule's window (it was dealt with);
    /// otherwise raise a new warning.
    /// </summary>
    public static RiskDecision Decide(RiskSignal signal, RiskWarning? latest, RiskRule rule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(rule);
        if (latest is null)
        {
            return RiskDecision.Raise;
        }

        if (latest.IsOpen)
        {
            return RiskDecision.Refresh;
        }

        return latest.SettledAt is { } settled && now - settled < TimeSpan.FromDays(rule.WindowDays) ? RiskDecision.Quiet : RiskDecision.Raise;
    }

    public static RiskWarning Raise(Guid id, RiskSignal signal, RiskRule rule, string? placeName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(rule);
        var warning = new RiskWarning
        {
            Id = id,
            RuleId = rule.Id,
            RuleName = rule.Name,
            Key = signal.Key,
            Kind = rule.Kind,
            Category = signal.Category,
            PlaceId = signal.PlaceId,
            PlaceName = placeName,
            WindowDays = rule.WindowDays,
            RaisedAt = Guard.Utc(now),
            Status = RiskWarningStatus.Open,
        };
        warning.Apply(signal, now);
        warning.Raise(new RiskWarningRaised(id, warning.Summary, now));
        return warning;
    }

    /// <summary>The rule fired again on an open warning: newest numbers and cases, no new alert.</summary>
    public void Refresh(RiskSignal signal, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (!IsOpen || signal.Key != Key)
        {
            throw new DomainException("只能更新仍在预警中的同一事项。");
        }

        Apply(signal, now);
    }

    /// <summary>转为风险警示函: a numbered letter to the department responsible, shown on its terminal.</summary>
    public void IssueLetter(string number, Guid departmentId, string departmentName, string body, WorkingCalendar calendar, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(calendar);
        EnsureOpen();
        LetterNumber = Guard.Required(number, "警示函文号", 50);
        LetterDepartmentId = departmentId == Guid.Empty ? throw new DomainException("请选择接收警示函的责任部门。") : departmentId;
        LetterDepartmentName = Guard.Required(departmentName, "责任部门", 50);
        LetterBody = Guard.Required(body, "警示函正文", 4000);
        FeedbackDueAt = calendar.AddWorkingDays(Guard.Utc(now), FeedbackWorkingDays);
        Settle(RiskWarningStatus.LetterIssued, actor, now);
        Raise(new WarningLetterIssued(Id, departmentId, LetterNumber, now));
    }

    public void Dismiss(string reason, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        EnsureOpen();
        DismissReason = Guard.Required(reason, "不发警示函的理由", 500);
        Settle(RiskWarningStatus.Dismissed, actor, now);
        Raise(new RiskWarningDismissed(Id, Summary, now));
    }

    /// <summary>The department signs for the letter (签收); once only.</summary>
    public void MarkLetterRead(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Status != RiskWarningStatus.LetterIssued)
        {
            throw new DomainException("该预警尚未发出警示函。");
        }

        if (LetterReadAt is null)
        {
            LetterReadAt = Guard.Utc(now);
            LetterReadBy = actor.Name;
            Raise(new WarningLetterSigned(Id, LetterDepartmentId!.Value, LetterNumber!, actor.Name, now));
        }
    }

    /// <summary>
    /// 整改反馈: the department's written answer, what it found and what it does about it. After
    /// 签收, once; at least <see cref="MinFeedbackLength"/> characters so that "已阅" is not an answer.
    /// </summary>
    public void RecordFeedback(string text, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Status != RiskWarningStatus.LetterIssued)
        {
            throw new DomainException("该预警尚未发出警示函。");
        }

        if (LetterReadAt is null)
        {
            throw new DomainException("请先签收警示函，再提交整改反馈。");
        }

        if (FeedbackAt is not null)
        {
            throw new DomainException($"该警示函已于 {Labels.Time(FeedbackAt.Value)} 由{FeedbackBy}反馈，不能重复提交。");
        }

        var feedback = Guard.Required(text, "整改反馈", 2000);
        if (feedback.Length < MinFeedbackLength)
        {
            throw new DomainException($"整改反馈过于简单，请写明研判情况和整改措施（不少于 {MinFeedbackLength} 个字）。");
        }

        Feedback = feedback;
        FeedbackAt = Guard.Utc(now);
        FeedbackBy = actor.Name;
        Raise(new WarningFeedbackReceived(Id, LetterDepartmentId!.Value, LetterNumber!, LetterDepartmentName!, actor.Name, now));
    }

    /// <summary>The letter's standard wording, for the director to edit before it goes out.</summary>
    public string DraftLetter(string departmentName, string centerName) =>
        $"{departmentName}：\n" +
        $"    经{centerName}风险预警研判，{Summary}（预警规则「{RuleName}」）。上述情况反映出该领域矛盾纠纷风险正在上升，存在引发群体性事件或极端事件的隐患。\n" +
        $"    请你单位高度重视，自收到本函之日起 {FeedbackWorkingDays} 个工作日内组织专题研判，逐件核查涉及案件，落实化解责任人和措施，并将整改落实情况书面反馈我中心。\n" +
        "    特此警示。";

    private void Apply(RiskSignal signal, DateTimeOffset now)
    {
        Count = signal.Count;
        PreviousCount = signal.PreviousCount;
        _caseIds = [.. signal.CaseIds];
        UpdatedAt = Guard.Utc(now);
        var category = Labels.Of(signal.Category);
        Summary = Kind == RiskRuleKind.Cluster
            ? $"{PlaceName ?? "同一地点"}「{category}」类诉求 {WindowDays} 天内达 {Count} 件"
            : PreviousCount is > 0 and var previous
                ? $"「{category}」类诉求近 {WindowDays} 天 {Count} 件，前 {WindowDays} 天 {previous} 件，上升 {(Count - previous) * 100 / previous}%"
                : $"「{category}」类诉求近 {WindowDays} 天 {Count} 件，前 {WindowDays} 天无";
    }

    private void EnsureOpen()
    {
        if (!IsOpen)
        {
            throw new DomainException($"该预警已于 {Labels.Time(SettledAt!.Value)} 由 {SettledBy} 处理，不能重复处理。");
        }
    }

    private void Settle(RiskWarningStatus status, Actor actor, DateTimeOffset now)
    {
        Status = status;
        SettledAt = Guard.Utc(now);
        SettledBy = actor.Name;
        UpdatedAt = SettledAt.Value;
    }
}
