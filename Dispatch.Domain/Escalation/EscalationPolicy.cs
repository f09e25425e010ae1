using Dispatch.Domain.Common;
using Dispatch.Domain.Whistles;

namespace Dispatch.Domain.Escalation;

/// <summary>
/// The escalation policy as data: an ordered list of steps. A whistle freezes a copy of it when
/// it is blown, so later edits never change a running whistle.
/// </summary>
public sealed record EscalationPolicy
{
    public EscalationPolicy(string name, IReadOnlyList<EscalationStep> steps)
    {
        Name = Guard.Required(name, "预警规则名称", 30);
        Steps = steps ?? throw new ArgumentNullException(nameof(steps));
        var problems = Validate(Steps);
        if (problems.Count > 0)
        {
            throw new DomainException($"预警规则「{Name}」有误：" + string.Join("；", problems));
        }
    }

    public string Name { get; }

    public IReadOnlyList<EscalationStep> Steps { get; }

    /// <summary>
    /// What to do at once when a whistle summons a department that is known to have nobody
    /// present (no one on duty with a live terminal); null means only warn the director.
    /// Unknown presence (Redis unreachable) never triggers it.
    /// </summary>
    public EscalationAction? WhenNobodyPresent
    {
        get;
        init => field = value is null || Enum.IsDefined(value.Value)
            ? value
            : throw new DomainException($"预警规则「{Name}」的无人在岗处置动作未知（{(int)value.Value}）。");
    }

    /// <summary>
    /// The default: remind at half time, urge and flag at the deadline, escalate at twice the
    /// acknowledgement limit (design.md); urge the department head at once when nobody is present.
    /// </summary>
    public static EscalationPolicy Standard { get; } = new("标准预警", [
        EscalationStep.AtPercent(DeadlineKind.Acknowledge, 50, EscalationAction.RemindTerminal),
        EscalationStep.AtPercent(DeadlineKind.Acknowledge, 100, EscalationAction.UrgeDepartmentHead),
        EscalationStep.AtPercent(DeadlineKind.Acknowledge, 100, EscalationAction.FlagDirector),
        EscalationStep.AtPercent(DeadlineKind.Acknowledge, 200, EscalationAction.EscalateToLevelAbove),
        EscalationStep.AtPercent(DeadlineKind.OnSite, 100, EscalationAction.UrgeDepartmentHead),
        EscalationStep.AtPercent(DeadlineKind.OnSite, 100, EscalationAction.FlagDirector),
        EscalationStep.AtPercent(DeadlineKind.Result, 80, EscalationAction.RemindTerminal),
        EscalationStep.AtPercent(DeadlineKind.Result, 100, EscalationAction.UrgeDepartmentHead),
        EscalationStep.AtPercent(DeadlineKind.Result, 100, EscalationAction.FlagDirector),
    ]) { WhenNobodyPresent = EscalationAction.UrgeDepartmentHead };

    /// <summary>
    /// <see cref="Validate(IReadOnlyList{EscalationStep})"/>, plus: no step may fall after the
    /// final (result) deadline under any of the given response policies, except steps on the
    /// result deadline itself, which may follow it by at most its own length again.
    /// </summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<EscalationStep> steps, IEnumerable<ResponsePolicy> against, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(against);
        ArgumentNullException.ThrowIfNull(calendar);
        var problems = Validate(steps).ToList();
        if (problems.Count > 0)
        {
            return problems;
        }

        // A Monday morning: the moment the limits are measured from.
        var start = new DateTimeOffset(2026, 11, 16, 9, 0, 0, WorkingCalendar.ChinaStandardTime);
        foreach (var policy in against)
        {
            var progress = new SummonsProgress(SummonsState.Pending, start, policy.AcknowledgeWithin.DueFrom(start, calendar),
                policy.OnSiteWithin.DueFrom(start, calendar), policy.ResultWithin.DueFrom(start, calendar), true);
            var final = progress.ResultDueAt;
            for (var i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                var due = step.DueAt(start, EscalationEvaluator.DeadlineOf(progress, step.Deadline));
                var limit = step.Deadline == DeadlineKind.Result ? final + (final - start) : final;
                if (due > limit)
                {
                    problems.Add($"第 {i + 1} 步在「{policy.Name}」响应要求下要到吹哨后 {Span(due - start)}才触发，"
                        + (step.Deadline == DeadlineKind.Result ? "超出反馈期限太久" : $"晚于最后的反馈期限（吹哨后 {Span(final - start)}）")
                        + "，请调小时点");
                }
            }
        }

        return problems;
    }

    private static string Span(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{span.TotalDays:0.#} 天" : span.TotalHours >= 1 ? $"{span.TotalHours:0.#} 小时" : $"{span.TotalMinutes:0} 分钟";

    /// <summary>Every problem with the steps, in words an administrator can act on; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<EscalationStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var problems = new List<string>();
        if (steps.Count == 0)
        {
            problems.Add("至少需要一个预警步骤");
        }

        var seen = new HashSet<string>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var where = $"第 {i + 1} 步";
            if (step.PercentOfLimit is null == step.MinutesAfterDeadline is null)
            {
                problems.Add($"{where}须且只能设置「时限百分比」或「超时分钟数」之一");
            }

            if (step.PercentOfLimit is <= 0)
            {
                problems.Add($"{where}的时限百分比必须大于 0（现为 {step.PercentOfLimit}）");
            }

            if (step.MinutesAfterDeadline is < 0)
            {
                problems.Add($"{where}的超时分钟数不能为负数（现为 {step.MinutesAfterDeadline}）");
            }

            if (!Enum.IsDefined(step.Action))
            {
                problems.Add($"{where}的处置动作未知（{(int)step.Action}）");
            }

            if (!Enum.IsDefined(step.Deadline))
            {
                problems.Add($"{where}的时限类型未知（{(int)step.Deadline}）");
            }

            if (step.UnlessReached is not (SummonsState.Acknowledged or SummonsState.OnSite or SummonsState.Reported))
            {
                problems.Add($"{where}的「未达到状态」只能是已报到、已到场或已反馈");
            }

            if (!seen.Add(step.Key))
            {
                problems.Add($"{where}与前面的步骤重复");
            }

            if (i > 0 && Order(steps[i - 1]).CompareTo(Order(step)) > 0)
            {
                problems.Add($"{where}排在第 {i} 步之前才对：请按时限（报到、到场、反馈）和触发时点先后排列");
            }
        }

        return problems;
    }

    private static (int Deadline, int Kind, int Offset) Order(EscalationStep step) =>
        ((int)step.Deadline, step.PercentOfLimit is not null ? 0 : 1, step.PercentOfLimit ?? step.MinutesAfterDeadline ?? 0);
}
