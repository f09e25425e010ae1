using Dispatch.Domain.Whistles;

namespace Dispatch.Domain.Escalation;

public enum EscalationAction
{
    /// <summary>提醒: a reminder on the department terminal.</summary>
    RemindTerminal = 1,
    /// <summary>催办: urge the department head.</summary>
    UrgeDepartmentHead = 2,
    /// <summary>督办: flag the summons on the director's console and the wall.</summary>
    FlagDirector = 3,
    /// <summary>升级: raise to the center one level up.</summary>
    EscalateToLevelAbove = 4,
}

/// <summary>
/// One rule: "at <see cref="PercentOfLimit"/> % of a deadline's time, or
/// <see cref="MinutesAfterDeadline"/> minutes after the deadline, if the summons has not reached
/// <see cref="UnlessReached"/>, do <see cref="Action"/>". Exactly one of the two offsets is set.
/// </summary>
public sealed record EscalationStep(
    DeadlineKind Deadline,
    int? PercentOfLimit,
    int? MinutesAfterDeadline,
    SummonsState UnlessReached,
    EscalationAction Action)
{
    public static EscalationStep AtPercent(DeadlineKind deadline, int percent, EscalationAction action) =>
        new(deadline, percent, null, StateThatMeets(deadline), action);

    public static EscalationStep MinutesAfter(DeadlineKind deadline, int minutes, EscalationAction action) =>
        new(deadline, null, minutes, StateThatMeets(deadline), action);

    /// <summary>
    /// The step taken when the whistle is blown on a department with nobody present. It sits at
    /// 0 % of the acknowledgement limit, which no policy step may use, so its key never clashes.
    /// </summary>
    public static EscalationStep NobodyPresent(EscalationAction action) =>
        new(DeadlineKind.Acknowledge, 0, null, SummonsState.Acknowledged, action);

    public bool IsNobodyPresent => PercentOfLimit == 0;

    /// <summary>Stable identity of the step within a frozen policy; what "already taken" remembers.</summary>
    public string Key => $"{Deadline}@{(PercentOfLimit is { } p ? $"{p}%" : $"+{MinutesAfterDeadline}m")}:{Action}";

    /// <summary>The state a summons must reach to meet a deadline.</summary>
    public static SummonsState StateThatMeets(DeadlineKind deadline) => deadline switch
    {
        DeadlineKind.Acknowledge => SummonsState.Acknowledged,
        DeadlineKind.OnSite => SummonsState.OnSite,
        _ => SummonsState.Reported,
    };

    /// <summary>When this step falls due for a summons started at <paramref name="start"/> with the given deadline.</summary>
    public DateTimeOffset DueAt(DateTimeOffset start, DateTimeOffset deadline) =>
        PercentOfLimit is { } percent
            ? start + TimeSpan.FromTicks((deadline - start).Ticks / 100 * percent)
            : deadline.AddMinutes(MinutesAfterDeadline ?? 0);
}
