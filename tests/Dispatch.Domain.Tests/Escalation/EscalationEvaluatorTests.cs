using Dispatch.Domain.Escalation;
using Dispatch.Domain.Whistles;
using static Dispatch.Domain.Tests.Builders;

namespace Dispatch.Domain.Tests.Escalation;

public class EscalationEvaluatorTests
{
    private static readonly SummonsProgress PendingSummons = new(
        SummonsState.Pending,
        Monday9,
        Monday9.AddMinutes(10),
        Monday9.AddMinutes(60),
        Monday9.AddDays(3),
        WhistleOpen: true);

    [Fact]
    public void BeforeAnyStep_NothingIsDue_AndTheNextStepIsAtHalfTime()
    {
        var result = EscalationEvaluator.Evaluate(EscalationPolicy.Standard, PendingSummons, Monday9.AddMinutes(4), new HashSet<string>());

        result.Due.ShouldBeEmpty();
        result.NextDueAt.ShouldBe(Monday9.AddMinutes(5));
    }

    [Fact]
    public void AtTheDeadline_RemindUrgeAndFlagAreDue_InOrder()
    {
        var result = EscalationEvaluator.Evaluate(EscalationPolicy.Standard, PendingSummons, Monday9.AddMinutes(10), new HashSet<string>());

        result.Due.Select(d => d.Step.Action).ShouldBe([EscalationAction.RemindTerminal, EscalationAction.UrgeDepartmentHead, EscalationAction.FlagDirector]);
        result.Due[0].DueAt.ShouldBe(Monday9.AddMinutes(5));
        result.NextDueAt.ShouldBe(Monday9.AddMinutes(20));
    }

    [Fact]
    public void EvaluatingAgainWithTheTakenSteps_ReturnsNothing()
    {
        var now = Monday9.AddMinutes(10);
        var first = EscalationEvaluator.Evaluate(EscalationPolicy.Standard, PendingSummons, now, new HashSet<string>());
        var taken = first.Due.Select(d => d.Step.Key).ToHashSet();

        var second = EscalationEvaluator.Evaluate(EscalationPolicy.Standard, PendingSummons, now, taken);

        second.Due.ShouldBeEmpty();
    }

    [Fact]
    public void AcknowledgedSummons_GetsNoAcknowledgementSteps()
    {
        var acknowledged = PendingSummons with { State = SummonsState.Acknowledged };

        var result = EscalationEvaluator.Evaluate(EscalationPolicy.Standard, acknowledged, Monday9.AddMinutes(30), new HashSet<string>());

        result.Due.ShouldBeEmpty();
        result.NextDueAt.ShouldBe(Monday9.AddMinutes(60));
    }

    [Fact]
    public void MinutesAfterDeadline_FallsDueThatLongAfterIt()
    {
        var policy = new EscalationPolicy("测试", [EscalationStep.MinutesAfter(DeadlineKind.OnSite, 30, EscalationAction.EscalateToLevelAbove)]);

        EscalationEvaluator.Evaluate(policy, PendingSummons, Monday9.AddMinutes(89), new HashSet<string>()).Due.ShouldBeEmpty();
        EscalationEvaluator.Evaluate(policy, PendingSummons, Monday9.AddMinutes(90), new HashSet<string>()).Due.Single().DueAt.ShouldBe(Monday9.AddMinutes(90));
    }

    [Theory]
    [InlineData(SummonsState.Reported)]
    [InlineData(SummonsState.Declined)]
    [InlineData(SummonsState.Reassigned)]
    public void FinishedOrDeclinedSummons_NeverEscalate(SummonsState state)
    {
        var result = EscalationEvaluator.Evaluate(EscalationPolicy.Standard, PendingSummons with { State = state }, Monday9.AddDays(10), new HashSet<string>());

        result.Due.ShouldBeEmpty();
        result.NextDueAt.ShouldBeNull();
    }

    [Fact]
    public void ClosedWhistle_NeverEscalates() =>
        EscalationEvaluator.Evaluate(EscalationPolicy.Standard, PendingSummons with { WhistleOpen = false }, Monday9.AddDays(10), new HashSet<string>())
            .Due.ShouldBeEmpty();

    [Fact]
    public void WhistleEscalate_TwiceAtTheSameTime_TakesEachStepOnce()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);
        var id = whistle.Summonses[0].Id;
        var late = Monday9.AddMinutes(31);

        var first = whistle.Escalate(id, @case, late);
        var second = whistle.Escalate(id, @case, late);

        first.Count.ShouldBe(4);
        second.ShouldBeEmpty();
        whistle.Summonses[0].Escalations.Count.ShouldBe(4);
        whistle.Summonses[0].UrgeCount.ShouldBe(1);
        whistle.Summonses[0].EscalatedToLevelAbove.ShouldBeTrue();
        whistle.DomainEvents.OfType<UrgeSent>().Count().ShouldBe(1);
        @case.Timeline.Count(t => t.Action == "催办").ShouldBe(1);
        @case.Timeline.Single(t => t.Action == "升级").ActorName.ShouldBe("系统");
    }

    [Fact]
    public void WhistleEscalate_AfterAcknowledgement_DoesNothingForTheAcknowledgeDeadline()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);
        var id = whistle.Summonses[0].Id;
        whistle.Acknowledge(id, @case, HousingStaff, Monday9.AddMinutes(2));

        whistle.Escalate(id, @case, Monday9.AddMinutes(40)).ShouldBeEmpty();
        whistle.NextEscalationAt().ShouldBe(Monday9.AddHours(2));
    }

    [Fact]
    public void WhistleEscalate_UsesThePolicyFrozenAtBlowTime()
    {
        var @case = CaseInHandling(Monday9);
        var frozen = new EscalationPolicy("只提醒", [EscalationStep.AtPercent(DeadlineKind.Acknowledge, 100, EscalationAction.RemindTerminal)]);
        var whistle = Blow(@case, Monday9, null, frozen);

        var due = whistle.Escalate(whistle.Summonses[0].Id, @case, Monday9.AddHours(1));

        due.Single().Step.Action.ShouldBe(EscalationAction.RemindTerminal);
        whistle.EscalationPolicy.Name.ShouldBe("只提醒");
    }

    [Fact]
    public void Insist_StartsANewRoundOfEscalation()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);
        var id = whistle.Summonses[0].Id;
        whistle.Escalate(id, @case, Monday9.AddMinutes(15)).Count.ShouldBe(3);
        whistle.Decline(id, "不属于本部门职责", @case, HousingStaff, Monday9.AddMinutes(16));
        whistle.Insist(id, "属本部门职责", WorkingCalendar.WeekendsOnly, @case, Director, Monday9.AddMinutes(17));

        whistle.Escalate(id, @case, Monday9.AddMinutes(18)).ShouldBeEmpty();
        var again = whistle.Escalate(id, @case, Monday9.AddMinutes(17 + 15));

        again.Count.ShouldBe(3);
        whistle.Summonses[0].Escalations.Count.ShouldBe(6);
        whistle.Summonses[0].TakenStepKeys.Count.ShouldBe(3);
    }
}
