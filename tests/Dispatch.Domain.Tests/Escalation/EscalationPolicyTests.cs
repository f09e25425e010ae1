using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Whistles;

namespace Dispatch.Domain.Tests.Escalation;

public class EscalationPolicyTests
{
    [Fact]
    public void Standard_IsValid() =>
        EscalationPolicy.Validate(EscalationPolicy.Standard.Steps).ShouldBeEmpty();

    [Fact]
    public void Validate_ExplainsEachProblem()
    {
        EscalationStep[] steps =
        [
            new(DeadlineKind.Acknowledge, -10, null, SummonsState.Acknowledged, EscalationAction.RemindTerminal),
            new(DeadlineKind.Acknowledge, null, -5, SummonsState.Acknowledged, EscalationAction.UrgeDepartmentHead),
            new(DeadlineKind.Acknowledge, 50, 10, SummonsState.Acknowledged, EscalationAction.FlagDirector),
            new(DeadlineKind.Acknowledge, 100, null, SummonsState.Acknowledged, (EscalationAction)42),
            new(DeadlineKind.Result, 100, null, SummonsState.Reported, EscalationAction.FlagDirector),
            new(DeadlineKind.Acknowledge, 200, null, SummonsState.Acknowledged, EscalationAction.EscalateToLevelAbove),
            new(DeadlineKind.Result, 100, null, SummonsState.Pending, EscalationAction.FlagDirector),
        ];

        var problems = EscalationPolicy.Validate(steps);

        problems.ShouldContain(p => p.StartsWith("第 1 步的时限百分比必须大于 0", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("第 2 步的超时分钟数不能为负数", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("第 3 步须且只能设置", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("第 4 步的处置动作未知", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("第 6 步排在第 5 步之前才对", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("第 7 步的「未达到状态」", StringComparison.Ordinal));
        problems.ShouldContain("第 7 步与前面的步骤重复");
    }

    [Fact]
    public void Constructor_WithProblems_ThrowsWithAllOfThem()
    {
        var error = Should.Throw<DomainException>(() => new EscalationPolicy("坏规则", [
            EscalationStep.AtPercent(DeadlineKind.Result, 100, EscalationAction.FlagDirector),
            EscalationStep.AtPercent(DeadlineKind.Acknowledge, 0, EscalationAction.RemindTerminal),
        ]));

        error.Message.ShouldStartWith("预警规则「坏规则」有误：");
        error.Message.ShouldContain("第 2 步的时限百分比必须大于 0");
        error.Message.ShouldContain("第 2 步排在第 1 步之前才对");
    }

    [Fact]
    public void AStepBeyondTheFinalDeadline_IsExplained()
    {
        EscalationStep[] steps =
        [
            EscalationStep.AtPercent(DeadlineKind.Acknowledge, 100, EscalationAction.UrgeDepartmentHead),
            EscalationStep.MinutesAfter(DeadlineKind.OnSite, 60 * 24 * 10, EscalationAction.EscalateToLevelAbove),
            EscalationStep.AtPercent(DeadlineKind.Result, 250, EscalationAction.FlagDirector),
        ];

        var problems = EscalationPolicy.Validate(steps, ResponsePolicy.Presets, WorkingCalendar.WeekendsOnly);

        problems.ShouldContain(p => p.StartsWith("第 2 步在「紧急」响应要求下要到吹哨后 10 天才触发，晚于最后的反馈期限", StringComparison.Ordinal), string.Join(" / ", problems));
        problems.ShouldContain(p => p.StartsWith("第 3 步在「一般」响应要求下", StringComparison.Ordinal) && p.Contains("超出反馈期限太久"));
        problems.ShouldNotContain(p => p.StartsWith("第 1 步", StringComparison.Ordinal));
    }

    [Fact]
    public void TheStandardPolicy_FitsEveryPreset() =>
        EscalationPolicy.Validate(EscalationPolicy.Standard.Steps, ResponsePolicy.Presets, WorkingCalendar.WeekendsOnly).ShouldBeEmpty();

    [Fact]
    public void NoSteps_IsAProblem() =>
        EscalationPolicy.Validate([]).ShouldBe(["至少需要一个预警步骤"]);

    [Fact]
    public void StepKey_IsStableAndDistinct()
    {
        EscalationStep.AtPercent(DeadlineKind.Acknowledge, 50, EscalationAction.RemindTerminal).Key.ShouldBe("Acknowledge@50%:RemindTerminal");
        EscalationStep.MinutesAfter(DeadlineKind.Result, 30, EscalationAction.FlagDirector).Key.ShouldBe("Result@+30m:FlagDirector");
    }

    [Fact]
    public void Trigger_SaysWhyARecordedStepWasTaken()
    {
        Labels.Trigger(EscalationStep.NobodyPresent(EscalationAction.UrgeDepartmentHead).Key, DeadlineKind.Acknowledge).ShouldBe("吹哨时无人在岗");
        Labels.Trigger(EscalationStep.AtPercent(DeadlineKind.Acknowledge, 50, EscalationAction.UrgeDepartmentHead).Key, DeadlineKind.Acknowledge).ShouldBe("报到时限过半");
        Labels.Trigger(EscalationStep.AtPercent(DeadlineKind.OnSite, 80, EscalationAction.RemindTerminal).Key, DeadlineKind.OnSite).ShouldBe("到场时限已过 80%");
        Labels.Trigger(EscalationStep.AtPercent(DeadlineKind.Result, 200, EscalationAction.EscalateToLevelAbove).Key, DeadlineKind.Result).ShouldBe("反馈超时");
    }

    [Fact]
    public void Describe_ReadsAsASentence() =>
        Labels.Describe(EscalationStep.AtPercent(DeadlineKind.Acknowledge, 50, EscalationAction.RemindTerminal)).ShouldBe("报到时限 50% 时仍未报到");
}
