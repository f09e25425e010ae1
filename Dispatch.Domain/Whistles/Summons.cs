using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;

namespace Dispatch.Domain.Whistles;

/// <summary>A step of the escalation policy taken for a summons; never taken twice.</summary>
public sealed record EscalationRecord(int Round, string StepKey, EscalationAction Action, DeadlineKind Deadline, DateTimeOffset DueAt, DateTimeOffset TakenAt);

/// <summary>
/// One department's side of a whistle (报到). Changed only through its <see cref="Whistle"/>.
/// </summary>
public sealed class Summons
{
    public static readonly TransitionTable<SummonsState, SummonsAction> Transitions =
        new TransitionTable<SummonsState, SummonsAction>("该部门的报到", Labels.Of, Labels.Of)
            .Allow(SummonsState.Pending, SummonsAction.Acknowledge, SummonsState.Acknowledged)
            .Allow(SummonsState.Acknowledged, SummonsAction.MarkOnSite, SummonsState.OnSite)
            .Allow(SummonsState.OnSite, SummonsAction.Report, SummonsState.Reported)
            .Allow(SummonsState.Pending, SummonsAction.Decline, SummonsState.Declined)
            .Allow(SummonsState.Acknowledged, SummonsAction.Decline, SummonsState.Declined)
            .Allow(SummonsState.Declined, SummonsAction.Insist, SummonsState.Pending)
            .Allow(SummonsState.Declined, SummonsAction.Reassign, SummonsState.Reassigned);

    private readonly List<EscalationRecord> _escalations = [];

    private Summons()
    {
        DepartmentName = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid WhistleId { get; private set; }

    public Guid DepartmentId { get; private set; }

    public string DepartmentName { get; private set; }

    public SummonsState State { get; private set; }

    public DateTimeOffset SummonedAt { get; private set; }

    public DateTimeOffset AcknowledgeDueAt { get; private set; }

    public DateTimeOffset OnSiteDueAt { get; private set; }

    public DateTimeOffset ResultDueAt { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public string? AcknowledgedBy { get; private set; }

    public DateTimeOffset? OnSiteAt { get; private set; }

    public DateTimeOffset? ReportedAt { get; private set; }

    /// <summary>When the whistle ended (kept on each summons: a deadline still open is owed only up to then).</summary>
    public DateTimeOffset? WhistleClosedAt { get; private set; }

    public string? Report { get; private set; }

    public DateTimeOffset? DeclinedAt { get; private set; }

    public string? DeclineReason { get; private set; }

    public string? SettlementNote { get; private set; }

    public int UrgeCount { get; private set; }

    public DateTimeOffset? LastUrgedAt { get; private set; }

    /// <summary>Set when an escalation step flagged this summons for the director (督办).</summary>
    public bool FlaggedToDirector { get; private set; }

    public bool EscalatedToLevelAbove { get; private set; }

    public IReadOnlyList<EscalationRecord> Escalations => _escalations;

    /// <summary>Starts at 1; an insisted summons restarts its clock in a new round of escalation.</summary>
    public int Round { get; private set; } = 1;

    /// <summary>The keys of the steps taken in the current round.</summary>
    public IReadOnlySet<string> TakenStepKeys => _escalations.Where(e => e.Round == Round).Select(e => e.StepKey).ToHashSet();

    public bool IsInProgress => EscalationEvaluator.IsInProgress(State);

    /// <summary>The deadline now missed, if any; overdue is derived from the clock, never stored.</summary>
    public DeadlineKind? OverdueDeadline(DateTimeOffset now) => OverdueDeadlineOf(State, AcknowledgeDueAt, OnSiteDueAt, ResultDueAt, now);

    public static DeadlineKind? OverdueDeadlineOf(SummonsState state, DateTimeOffset acknowledgeDueAt, DateTimeOffset onSiteDueAt, DateTimeOffset resultDueAt, DateTimeOffset now)
    {
        if (!EscalationEvaluator.IsInProgress(state))
        {
            return null;
        }

        if (state == SummonsState.Pending && now > acknowledgeDueAt)
        {
            return DeadlineKind.Acknowledge;
        }

        if (state is SummonsState.Pending or SummonsState.Acknowledged && now > onSiteDueAt)
        {
            return DeadlineKind.OnSite;
        }

        return now > resultDueAt ? DeadlineKind.Result : null;
    }

    public bool IsOverdue(DateTimeOffset now) => OverdueDeadline(now) is not null;

    /// <summary>The next deadline this summons is working towards.</summary>
    public DateTimeOffset? NextDeadline => NextDeadlineOf(State, AcknowledgeDueAt, OnSiteDueAt, ResultDueAt);

    /// <summary>The next deadline of a summons in this state with these deadlines (read models hold the same four values).</summary>
    public static DateTimeOffset? NextDeadlineOf(SummonsState state, DateTimeOffset acknowledgeDueAt, DateTimeOffset onSiteDueAt, DateTimeOffset resultDueAt) => state switch
    {
        SummonsState.Pending => acknowledgeDueAt,
        SummonsState.Acknowledged => onSiteDueAt,
        SummonsState.OnSite => resultDueAt,
        _ => null,
    };

    /// <summary>Whether a summons in this state with these deadlines has missed one (the one definition of overdue).</summary>
    public static bool IsOverdueAt(SummonsState state, DateTimeOffset acknowledgeDueAt, DateTimeOffset onSiteDueAt, DateTimeOffset resultDueAt, DateTimeOffset now) =>
        OverdueDeadlineOf(state, acknowledgeDueAt, onSiteDueAt, resultDueAt, now) is not null;

    /// <summary>The summons states a department still owes a step in: reporting, arriving, a result.</summary>
    public static readonly IReadOnlyList<SummonsState> InProgressStates = [SummonsState.Pending, SummonsState.Acknowledged, SummonsState.OnSite];

    /// <summary>Open summonses: in progress, or declined and waiting for the director's decision.</summary>
    public static readonly IReadOnlyList<SummonsState> OpenStates = [.. InProgressStates, SummonsState.Declined];

    public Urgency UrgencyAt(DateTimeOffset now) => SummonsUrgency.Of(State, NextDeadline, EscalatedToLevelAbove, now);

    public SummonsProgress Progress(bool whistleOpen) =>
        new(State, SummonedAt, AcknowledgeDueAt, OnSiteDueAt, ResultDueAt, whistleOpen);

    internal static Summons Create(Guid id, Guid whistleId, Guid departmentId, string departmentName, ResponsePolicy policy, WorkingCalendar calendar, DateTimeOffset now)
    {
        var summons = new Summons
        {
            Id = id,
            WhistleId = whistleId,
            DepartmentId = departmentId,
            DepartmentName = Guard.Required(departmentName, "部门名称", 60),
            State = SummonsState.Pending,
        };
        summons.StartClock(policy, calendar, now);
        return summons;
    }

    internal void Acknowledge(string by, DateTimeOffset now)
    {
        State = Transitions.Next(State, SummonsAction.Acknowledge);
        AcknowledgedAt = Guard.Utc(now);
        AcknowledgedBy = by;
    }

    internal void MarkOnSite(DateTimeOffset now)
    {
        State = Transitions.Next(State, SummonsAction.MarkOnSite);
        OnSiteAt = Guard.Utc(now);
    }

    internal void SubmitReport(string report, DateTimeOffset now)
    {
        var text = Guard.Required(report, "反馈内容", 4000);
        State = Transitions.Next(State, SummonsAction.Report);
        Report = text;
        ReportedAt = Guard.Utc(now);
    }

    internal void Decline(string reason, DateTimeOffset now)
    {
        var text = Guard.Required(reason, "退回理由", 1000);
        State = Transitions.Next(State, SummonsAction.Decline);
        DeclineReason = text;
        DeclinedAt = Guard.Utc(now);
    }

    internal void Insist(string note, ResponsePolicy policy, WorkingCalendar calendar, DateTimeOffset now)
    {
        var text = Guard.Required(note, "坚持由该部门办理的说明", 1000);
        State = Transitions.Next(State, SummonsAction.Insist);
        SettlementNote = text;
        AcknowledgedAt = null;
        AcknowledgedBy = null;
        Round++;
        StartClock(policy, calendar, now);
    }

    internal void Reassign(string note)
    {
        State = Transitions.Next(State, SummonsAction.Reassign);
        SettlementNote = Guard.Required(note, "改派说明", 1000);
    }

    internal void Urge(DateTimeOffset now)
    {
        if (!IsInProgress)
        {
            throw new DomainException($"{DepartmentName}的报到当前为「{Labels.Of(State)}」，无需催办。");
        }

        UrgeCount++;
        LastUrgedAt = Guard.Utc(now);
    }

    internal void RecordEscalation(DueStep due, DateTimeOffset now)
    {
        if (_escalations.Any(e => e.Round == Round && e.StepKey == due.Step.Key))
        {
            throw new DomainException($"预警步骤 {due.Step.Key} 已执行过，不会重复执行。");
        }

        _escalations.Add(new EscalationRecord(Round, due.Step.Key, due.Step.Action, due.Step.Deadline, due.DueAt, Guard.Utc(now)));
        switch (due.Step.Action)
        {
            case EscalationAction.UrgeDepartmentHead:
                UrgeCount++;
                LastUrgedAt = Guard.Utc(now);
                break;
            case EscalationAction.FlagDirector:
                FlaggedToDirector = true;
                break;
            case EscalationAction.EscalateToLevelAbove:
                FlaggedToDirector = true;
                EscalatedToLevelAbove = true;
                break;
        }
    }

    private void StartClock(ResponsePolicy policy, WorkingCalendar calendar, DateTimeOffset now)
    {
        SummonedAt = Guard.Utc(now);
        AcknowledgeDueAt = Guard.Utc(policy.AcknowledgeWithin.DueFrom(now, calendar));
        OnSiteDueAt = Guard.Utc(policy.OnSiteWithin.DueFrom(now, calendar));
        ResultDueAt = Guard.Utc(policy.ResultWithin.DueFrom(now, calendar));
        if (OnSiteDueAt < AcknowledgeDueAt || ResultDueAt < OnSiteDueAt)
        {
            throw new DomainException($"响应要求「{policy.Name}」的时限须依次递增：报到 ≤ 到场 ≤ 反馈。");
        }
    }

    internal void WhistleEnded(DateTimeOffset at) => WhistleClosedAt = at;
}
