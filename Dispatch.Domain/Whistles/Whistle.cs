using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;

namespace Dispatch.Domain.Whistles;

/// <summary>A department to summon, as the director picked it.</summary>
public sealed record SummonedDepartment(Guid Id, string Name);

/// <summary>
/// 中心吹哨: the center summons departments to a case under a response policy. The escalation
/// policy is frozen onto the whistle when it is blown. Every action is written on the case's
/// timeline, which is why the behaviour methods take the case.
/// </summary>
public sealed class Whistle : AggregateRoot
{
    private readonly List<Summons> _summonses = [];

    private Whistle()
    {
        CaseCode = string.Empty;
        BlownBy = string.Empty;
        ResponsePolicy = ResponsePolicy.Normal;
        EscalationPolicy = EscalationPolicy.Standard;
    }

    public Guid CaseId { get; private set; }

    public string CaseCode { get; private set; }

    public Guid CenterId { get; private set; }

    public DateTimeOffset BlownAt { get; private set; }

    public string BlownBy { get; private set; }

    public string? Message { get; private set; }

    public ResponsePolicy ResponsePolicy { get; private set; }

    public EscalationPolicy EscalationPolicy { get; private set; }

    public WhistleStatus Status { get; private set; }

    public WhistleOutcome? Outcome { get; private set; }

    /// <summary>
    /// Whether a summoned department has reached the scene (the on-site resolution rate counts
    /// whistles handled jointly on site); kept with the whistle so a report counts it from the
    /// whistles alone.
    /// </summary>
    public bool WentOnSite { get; private set; }

    public string? OutcomeNote { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public IReadOnlyList<Summons> Summonses => _summonses;

    public bool IsOpen => Status == WhistleStatus.Open;

    /// <summary>Joint on-site handling: a department came on site, or the whistle was resolved on site.</summary>
    public bool HandledJointlyOnSite => Outcome == WhistleOutcome.ResolvedOnSite || _summonses.Any(s => s.OnSiteAt is not null);

    public static Whistle Blow(
        Guid id,
        Case @case,
        IReadOnlyList<SummonedDepartment> departments,
        ResponsePolicy responsePolicy,
        EscalationPolicy escalationPolicy,
        string? message,
        WorkingCalendar calendar,
        Actor actor,
        DateTimeOffset now,
        Func<Guid>? newId = null,
        Whistle? openWhistleOnCase = null,
        IReadOnlySet<Guid>? nobodyPresent = null)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(departments);
        ArgumentNullException.ThrowIfNull(responsePolicy);
        ArgumentNullException.ThrowIfNull(escalationPolicy);
        ArgumentNullException.ThrowIfNull(actor);
        if (!@case.IsOpen)
        {
            throw new DomainException($"案件 {@case.Code} 已{Labels.Of(@case.Status)}，不能再吹哨。");
        }

        if (openWhistleOnCase is { IsOpen: true } running)
        {
            throw new DomainException($"案件 {@case.Code} 已有 {Labels.Time(running.BlownAt)} 发起、尚未结束的吹哨，请在该吹哨中催办或改派，或先结束它再重新吹哨。");
        }

        if (departments.Count == 0)
        {
            throw new DomainException("请至少选择一个要召集的部门。");
        }

        var duplicate = departments.GroupBy(d => d.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DomainException($"「{duplicate.First().Name}」被选了两次，请去掉重复的部门。");
        }

        newId ??= Guid.CreateVersion7;
        var whistle = new Whistle
        {
            Id = id,
            CaseId = @case.Id,
            CaseCode = @case.Code,
            CenterId = @case.CenterId,
            BlownAt = Guard.Utc(now),
            BlownBy = actor.Name,
            Message = Guard.Optional(message, "吹哨说明", 1000),
            ResponsePolicy = responsePolicy,
            EscalationPolicy = escalationPolicy,
            Status = WhistleStatus.Open,
        };
        foreach (var department in departments)
        {
            whistle._summonses.Add(Summons.Create(newId(), id, department.Id, department.Name, responsePolicy, calendar, now));
        }

        @case.Record(actor, now, TimelineKind.WhistleBlown, $"召集{string.Join("、", departments.Select(d => d.Name))}；响应要求「{responsePolicy.Name}」"
            + (whistle.Message is null ? string.Empty : $"；{whistle.Message}"));
        whistle.Raise(new WhistleBlown(id, @case.Id, @case.Code, [.. departments.Select(d => d.Id)], now));
        foreach (var summons in whistle._summonses.Where(s => nobodyPresent?.Contains(s.DepartmentId) == true).ToList())
        {
            @case.Record(Actor.System, now, TimelineKind.NobodyPresent, $"吹哨时{summons.DepartmentName}无人在岗");
            if (escalationPolicy.WhenNobodyPresent is { } action)
            {
                whistle.Take(summons, new DueStep(EscalationStep.NobodyPresent(action), now), @case, now);
            }
        }

        if (@case.Status == CaseStatus.Assessed)
        {
            // Handling by a whistle: the case is in 处置 until the summoned departments' results are
            // due, by the department it was routed to or else the first one summoned (the lead).
            var lead = departments[0];
            @case.StartHandling(whistle._summonses.Max(s => s.ResultDueAt), "吹哨召集部门处置", actor, now, @case.AssignedDepartmentId is null ? (lead.Id, lead.Name) : null);
        }

        return whistle;
    }

    public Summons SummonsFor(Guid summonsId) =>
        _summonses.FirstOrDefault(s => s.Id == summonsId)
        ?? throw new DomainException("该哨令中没有这条报到记录，页面可能已过期，请刷新。");

    /// <summary>The department's current summons in this whistle (a reassigned one is no longer current).</summary>
    public Summons? CurrentSummonsOf(Guid departmentId) =>
        _summonses.LastOrDefault(s => s.DepartmentId == departmentId && s.State != SummonsState.Reassigned);

    public void Acknowledge(Guid summonsId, Case @case, Actor actor, DateTimeOffset now)
    {
        var summons = Acting(summonsId, @case, "报到");
        if (summons.AcknowledgedAt is { } acknowledgedAt && summons.State is SummonsState.Acknowledged or SummonsState.OnSite or SummonsState.Reported)
        {
            throw new DomainException($"{summons.DepartmentName}已由 {summons.AcknowledgedBy} 于 {Labels.Time(acknowledgedAt)} 报到，无需重复报到。");
        }

        summons.Acknowledge(actor.Name, now);
        var late = now > summons.AcknowledgeDueAt;
        @case.Record(actor, now, TimelineKind.Acknowledged, $"{summons.DepartmentName}{(late ? "（超时）" : string.Empty)}");
        Raise(new SummonsAcknowledged(Id, CaseId, summons.Id, summons.DepartmentId, actor.Name, late, now));
    }

    public void MarkOnSite(Guid summonsId, Case @case, Actor actor, DateTimeOffset now)
    {
        var summons = Acting(summonsId, @case, "到场");
        summons.MarkOnSite(now);
        WentOnSite = true;
        var late = now > summons.OnSiteDueAt;
        @case.Record(actor, now, TimelineKind.OnSite, $"{summons.DepartmentName}{(late ? "（超时）" : string.Empty)}");
        Raise(new SummonsMarkedOnSite(Id, CaseId, summons.Id, summons.DepartmentId, actor.Name, late, now));
    }

    public void Report(Guid summonsId, string report, Case @case, Actor actor, DateTimeOffset now)
    {
        var summons = Acting(summonsId, @case, "反馈");
        summons.SubmitReport(report, now);
        var late = now > summons.ResultDueAt;
        @case.Record(actor, now, TimelineKind.Reported, $"{summons.DepartmentName}{(late ? "（超时）" : string.Empty)}：{summons.Report}");
        Raise(new SummonsReported(Id, CaseId, summons.Id, summons.DepartmentId, actor.Name, late, now));
    }

    public void Decline(Guid summonsId, string reason, Case @case, Actor actor, DateTimeOffset now)
    {
        var summons = Acting(summonsId, @case, "退回");
        summons.Decline(reason, now);
        @case.Record(actor, now, TimelineKind.Declined, $"{summons.DepartmentName}：{summons.DeclineReason}");
        Raise(new SummonsDeclined(Id, CaseId, summons.Id, summons.DepartmentId, summons.DeclineReason!, now));
    }

    /// <summary>The director settles a decline by insisting: the same department, a fresh clock.</summary>
    public void Insist(Guid summonsId, string note, WorkingCalendar calendar, Case @case, Actor actor, DateTimeOffset now)
    {
        var summons = Acting(summonsId, @case, "坚持交办");
        summons.Insist(note, ResponsePolicy, calendar, now);
        @case.Record(actor, now, TimelineKind.Insisted, $"{summons.DepartmentName}：{summons.SettlementNote}");
        Raise(new DeclineSettled(Id, CaseId, summons.Id, summons.DepartmentId, false, null, now));
    }

    /// <summary>The director settles a decline by summoning another department instead.</summary>
    public Summons Reassign(Guid summonsId, SummonedDepartment to, string note, WorkingCalendar calendar, Case @case, Actor actor, DateTimeOffset now, Guid? newSummonsId = null)
    {
        ArgumentNullException.ThrowIfNull(to);
        var summons = Acting(summonsId, @case, "改派");
        if (CurrentSummonsOf(to.Id) is { } existing && existing.Id != summonsId)
        {
            throw new DomainException($"{to.Name}已在本次召集之列，请改派给其他部门。");
        }

        summons.Reassign(note);
        var replacement = Summons.Create(newSummonsId ?? Guid.CreateVersion7(), Id, to.Id, to.Name, ResponsePolicy, calendar, now);
        _summonses.Add(replacement);
        @case.Record(actor, now, TimelineKind.Reassigned, $"{summons.DepartmentName} → {to.Name}：{summons.SettlementNote}");
        Raise(new DeclineSettled(Id, CaseId, summons.Id, summons.DepartmentId, true, replacement.Id, now));
        Raise(new WhistleBlown(Id, CaseId, CaseCode, [to.Id], now));
        return replacement;
    }

    /// <summary>催办 by hand.</summary>
    public void Urge(Guid summonsId, string? note, Case @case, Actor actor, DateTimeOffset now)
    {
        var summons = Acting(summonsId, @case, "催办");
        summons.Urge(now);
        var text = Guard.Optional(note, "催办说明", 500);
        @case.Record(actor, now, TimelineKind.Urged, summons.DepartmentName + (text is null ? string.Empty : $"：{text}"));
        Raise(new UrgeSent(Id, CaseId, summons.Id, summons.DepartmentId, actor.Name, text, false, now));
    }

    /// <summary>
    /// Takes the escalation steps now due for a summons, each exactly once. Safe to call at any
    /// time and as often as you like: it does nothing when nothing is due.
    /// </summary>
    public IReadOnlyList<DueStep> Escalate(Guid summonsId, Case @case, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(@case);
        EnsureSameCase(@case);
        var summons = SummonsFor(summonsId);
        var evaluation = EscalationEvaluator.Evaluate(EscalationPolicy, summons.Progress(IsOpen), now, summons.TakenStepKeys);
        foreach (var due in evaluation.Due)
        {
            Take(summons, due, @case, now);
        }

        return evaluation.Due;
    }

    /// <summary>Whether an escalation step of this action was taken on any summons (e.g. at blow time).</summary>
    public bool HasTaken(EscalationAction action) => _summonses.Any(s => s.Escalations.Any(e => e.Action == action));

    /// <summary>The timeline line an escalation step writes.</summary>
    public static TimelineKind KindOf(EscalationAction action) => action switch
    {
        EscalationAction.RemindTerminal => TimelineKind.EscalationReminded,
        EscalationAction.UrgeDepartmentHead => TimelineKind.EscalationUrged,
        EscalationAction.FlagDirector => TimelineKind.EscalationFlagged,
        EscalationAction.EscalateToLevelAbove => TimelineKind.EscalationRaised,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private void Take(Summons summons, DueStep due, Case @case, DateTimeOffset now)
    {
        summons.RecordEscalation(due, now);
        @case.Record(Actor.System, now, KindOf(due.Step.Action),
            due.Step.IsNobodyPresent
                ? $"{summons.DepartmentName}（{Labels.Describe(due.Step)}）"
                : $"{summons.DepartmentName}{Labels.Of(due.Step.Deadline)}（{Labels.Describe(due.Step)}）");
        Raise(new EscalationStepTaken(Id, CaseId, summons.Id, summons.DepartmentId, due.Step.Key, due.Step.Action, due.Step.Deadline, now));
        if (due.Step.Action == EscalationAction.UrgeDepartmentHead)
        {
            Raise(new UrgeSent(Id, CaseId, summons.Id, summons.DepartmentId, Actor.System.Name, Labels.Describe(due.Step), true, now));
        }
    }

    /// <summary>When the next escalation step of any summons of this whistle falls due.</summary>
    public DateTimeOffset? NextEscalationAt() =>
        _summonses
            .Select(s => EscalationEvaluator.Evaluate(EscalationPolicy, s.Progress(IsOpen), DateTimeOffset.MinValue, s.TakenStepKeys).NextDueAt)
            .Where(t => t is not null)
            .Min();

    public void Close(WhistleOutcome outcome, string? note, Case @case, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(@case);
        EnsureSameCase(@case);
        if (!IsOpen)
        {
            throw new DomainException($"该哨令已于 {Labels.Time(ClosedAt!.Value)} 结束，不能重复结束。");
        }

        if (!Enum.IsDefined(outcome))
        {
            throw new DomainException("请选择处置结果。");
        }

        if (_summonses.Any(s => s.State == SummonsState.Declined))
        {
            throw new DomainException("还有部门退回尚未处理（改派或坚持交办），处理后才能结束吹哨。");
        }

        Status = WhistleStatus.Closed;
        Outcome = outcome;
        OutcomeNote = Guard.Optional(note, "处置说明", 2000);
        ClosedAt = Guard.Utc(now);
        foreach (var summons in _summonses)
        {
            summons.WhistleEnded(ClosedAt.Value);
        }

        @case.Record(actor, now, TimelineKind.WhistleClosed, Labels.Of(outcome) + (OutcomeNote is null ? string.Empty : $"：{OutcomeNote}"));
        Raise(new WhistleClosed(Id, CaseId, outcome, [.. _summonses.Where(s => s.State != SummonsState.Reassigned).Select(s => s.DepartmentId)], now));
    }

    private Summons Acting(Guid summonsId, Case @case, string what)
    {
        ArgumentNullException.ThrowIfNull(@case);
        EnsureSameCase(@case);
        if (!IsOpen)
        {
            throw new DomainException($"该哨令已于 {Labels.Time(ClosedAt!.Value)} 结束，不能再{what}。");
        }

        return SummonsFor(summonsId);
    }

    private void EnsureSameCase(Case @case)
    {
        if (@case.Id != CaseId)
        {
            throw new DomainException($"哨令属于案件 {CaseCode}，不属于案件 {@case.Code}。");
        }
    }
}
