using System.Text.Json.Serialization;
using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Presence;
using Dispatch.Domain.Reports;
using Dispatch.Domain.Whistles;

namespace Dispatch.Web.Realtime;

[JsonConverter(typeof(JsonStringEnumConverter<NoticeKind>))]
public enum NoticeKind
{
    WhistleBlown,
    Acknowledged,
    OnSite,
    Reported,
    Declined,
    DeclineSettled,
    Urged,
    Reminded,
    Flagged,
    Escalated,
    WhistleClosed,
    CaseChanged,
    CaseRaised,
    /// <summary>Someone went on or off duty (上岗/离岗).</summary>
    DutyChanged,
    /// <summary>The daily bulletin is out (每日信访通报); <c>caseCode</c> carries its day, yyyy-MM-dd.</summary>
    BulletinPublished,
    /// <summary>A risk rule fired (风险预警): the console and the wall show it.</summary>
    RiskWarning,
    /// <summary>A 风险警示函 went to a department.</summary>
    WarningLetter,
    /// <summary>A risk warning was set aside without a letter: consoles and walls drop it.</summary>
    RiskWarningDismissed,
    /// <summary>The department signed for its 风险警示函 (签收).</summary>
    WarningLetterSigned,
    /// <summary>The department answered its 风险警示函 in writing (整改反馈).</summary>
    WarningFeedback,
    /// <summary>A text (短信) about a summons was sent, delivered, failed or skipped; consoles refetch the whistle's texts.</summary>
    TextStatus,
    /// <summary>Notices may have been missed (the cross-node link was down): refetch everything shown.</summary>
    Resync,
}

/// <summary>
/// What clients are told after a commit: which whistle, case and departments changed and a
/// line of text for people. Clients refetch what they show; a notice is a nudge, not the data.
/// </summary>
public sealed record DispatchNotice(
    NoticeKind Kind,
    Guid CaseId,
    string? CaseCode,
    Guid? WhistleId,
    Guid? SummonsId,
    IReadOnlyList<Guid> DepartmentIds,
    string Text,
    DateTimeOffset At)
{
    /// <summary>
    /// The centers whose command staff and walls hear the notice (三级综治中心): the case's center
    /// and every center above it, and the center that handed it up with those above; filled in
    /// by <see cref="NoticeAudience"/> before the notice goes out. Empty when it could not be
    /// worked out: then only the department groups hear it, and pages refetch as always.
    /// </summary>
    public IReadOnlyList<Guid> CenterIds { get; init; } = [];

    /// <summary>
    /// Where <see cref="NoticeAudience"/> starts when the event said it (the case's center and the
    /// one that handed it up, as saved): it then reads nothing. Not sent: clients get <see cref="CenterIds"/>.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<Guid> StartCenterIds { get; init; } = [];

    /// <summary>For <see cref="NoticeKind.CaseRaised"/>: the center the case moved up to, whose console sounds.</summary>
    public Guid? ToCenterId { get; init; }

    /// <summary>For the risk kinds: the warning, whose cases decide which centers hear it.</summary>
    public Guid? WarningId { get; init; }

    public bool Concerns(Guid departmentId) => DepartmentIds.Contains(departmentId);

    /// <summary>Whether the staff of a center hear this notice.</summary>
    public bool Reaches(Guid centerId) => CenterIds.Contains(centerId);

    /// <summary>The notice for a domain event, or null for events clients need not hear about.</summary>
    public static DispatchNotice? From(IDomainEvent domainEvent) => domainEvent switch
    {
        WhistleBlown e => new(NoticeKind.WhistleBlown, e.CaseId, e.CaseCode, e.WhistleId, null, e.DepartmentIds, $"案件 {e.CaseCode} 吹哨，请立即报到", e.OccurredAt),
        SummonsAcknowledged e => Summons(NoticeKind.Acknowledged, e.WhistleId, e.CaseId, e.SummonsId, e.DepartmentId, $"{e.By} 已报到{Late(e.Late)}", e.OccurredAt),
        SummonsMarkedOnSite e => Summons(NoticeKind.OnSite, e.WhistleId, e.CaseId, e.SummonsId, e.DepartmentId, $"{e.By} 已到场{Late(e.Late)}", e.OccurredAt),
        SummonsReported e => Summons(NoticeKind.Reported, e.WhistleId, e.CaseId, e.SummonsId, e.DepartmentId, $"{e.By} 已反馈结果{Late(e.Late)}", e.OccurredAt),
        SummonsDeclined e => Summons(NoticeKind.Declined, e.WhistleId, e.CaseId, e.SummonsId, e.DepartmentId, $"部门退回：{e.Reason}", e.OccurredAt),
        DeclineSettled e => Summons(NoticeKind.DeclineSettled, e.WhistleId, e.CaseId, e.SummonsId, e.DepartmentId, e.Reassigned ? "已改派其他部门" : "中心坚持由本部门办理，请重新报到", e.OccurredAt),
        UrgeSent e => Summons(NoticeKind.Urged, e.WhistleId, e.CaseId, e.SummonsId, e.DepartmentId, e.Automatic ? $"系统催办：{e.Note}" : $"{e.By} 催办" + (e.Note is null ? string.Empty : $"：{e.Note}"), e.OccurredAt),
        EscalationStepTaken { Action: EscalationAction.RemindTerminal } e => Summons(NoticeKind.Reminded, e.WhistleId, e.CaseId, e.SummonsId, e.DepartmentId, $"提醒：请尽快{Labels.Of(e.Deadline)}", e.OccurredAt),
        EscalationStepTaken { Action: EscalationAction.FlagDirector } e => Summons(NoticeKind.Flagged, e.WhistleId, e.CaseId, e.SummonsId, e.DepartmentId, $"{Labels.Of(e.Deadline)}超时，已提请中心督办", e.OccurredAt),
        EscalationStepTaken { Action: EscalationAction.EscalateToLevelAbove } e => Summons(NoticeKind.Escalated, e.WhistleId, e.CaseId, e.SummonsId, e.DepartmentId, $"{Labels.Of(e.Deadline)}严重超时，已升级", e.OccurredAt),
        WhistleClosed e => new(NoticeKind.WhistleClosed, e.CaseId, null, e.WhistleId, null, e.DepartmentIds, $"吹哨已结束：{Labels.Of(e.Outcome)}", e.OccurredAt),
        CaseRaised e => new(NoticeKind.CaseRaised, e.CaseId, e.Code, null, null, [], $"案件 {e.Code} 已由{Labels.Of(e.From)}升级至{Labels.Of(e.To)}中心", e.OccurredAt) { ToCenterId = e.ToCenterId },
        DutyChanged e => new(NoticeKind.DutyChanged, Guid.Empty, null, null, null, [e.DepartmentId], $"{e.StaffName} {(e.OnDuty ? "已上岗" : "已离岗")}", e.OccurredAt),
        BulletinPublished e => new(NoticeKind.BulletinPublished, Guid.Empty, e.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), null, null, e.DepartmentIds, $"每日信访通报（{e.Number}）已发布", e.OccurredAt),
        Domain.Messaging.TextStatusChanged { WhistleId: { } whistleId } e => new(NoticeKind.TextStatus, Guid.Empty, null, whistleId, e.SummonsId, [], $"短信{Labels.Of(e.State)}", e.OccurredAt),
        Domain.Risk.RiskWarningRaised e => new(NoticeKind.RiskWarning, Guid.Empty, null, null, null, [], $"风险预警：{e.Summary}", e.OccurredAt) { WarningId = e.WarningId },
        Domain.Risk.WarningLetterIssued e => new(NoticeKind.WarningLetter, Guid.Empty, null, null, null, [e.DepartmentId], $"收到风险警示函 {e.Number}，请签收并按要求反馈", e.OccurredAt) { WarningId = e.WarningId },
        Domain.Risk.RiskWarningDismissed e => new(NoticeKind.RiskWarningDismissed, Guid.Empty, null, null, null, [], $"风险预警已研判，不发警示函：{e.Summary}", e.OccurredAt) { WarningId = e.WarningId },
        Domain.Risk.WarningLetterSigned e => new(NoticeKind.WarningLetterSigned, Guid.Empty, null, null, null, [e.DepartmentId], $"{e.By} 已签收风险警示函 {e.Number}", e.OccurredAt) { WarningId = e.WarningId },
        Domain.Risk.WarningFeedbackReceived e => new(NoticeKind.WarningFeedback, Guid.Empty, null, null, null, [e.DepartmentId], $"{e.By} 已书面反馈风险警示函 {e.Number}", e.OccurredAt) { WarningId = e.WarningId },
        CaseStatusChanged e => new(NoticeKind.CaseChanged, e.CaseId, e.Code, null, null, e.DepartmentId is { } d ? [d] : [], CaseText(e), e.OccurredAt)
        {
            StartCenterIds = e.CenterId is { } center ? [center, .. e.RaisedFromCenterId is { } from ? [from] : Array.Empty<Guid>()] : [],
        },
        _ => null,
    };

    public static DispatchNotice Resync(DateTimeOffset at) => new(NoticeKind.Resync, Guid.Empty, null, null, null, [], "连接已恢复，正在刷新", at);

    private static DispatchNotice Summons(NoticeKind kind, Guid whistleId, Guid caseId, Guid summonsId, Guid departmentId, string text, DateTimeOffset at) =>
        new(kind, caseId, null, whistleId, summonsId, [departmentId], text, at);

    private static string CaseText(CaseStatusChanged e) => e switch
    {
        { To: CaseStatus.Handling, From: CaseStatus.FollowUp } => $"案件 {e.Code} 回访不满意，二次督办，请重新办理",
        { To: CaseStatus.Handling, DepartmentId: not null } => $"案件 {e.Code} 已交办，请按期办理",
        _ => $"案件 {e.Code} {Labels.Of(e.To)}",
    };

    private static string Late(bool late) => late ? "（超时）" : string.Empty;
}
