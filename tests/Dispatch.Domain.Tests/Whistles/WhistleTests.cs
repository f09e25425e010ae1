using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Whistles;
using static Dispatch.Domain.Tests.Builders;

namespace Dispatch.Domain.Tests.Whistles;

public class WhistleTests
{
    [Fact]
    public void Blow_SummonsEachDepartmentWithDeadlinesFromThePolicy()
    {
        var @case = CaseInHandling(Monday9);

        var whistle = Blow(@case, Monday9, ResponsePolicy.Urgent, null, Housing, Labour);

        whistle.Summonses.Count.ShouldBe(2);
        var housing = whistle.Summonses[0];
        housing.State.ShouldBe(SummonsState.Pending);
        housing.AcknowledgeDueAt.ShouldBe(Monday9.AddMinutes(5));
        housing.OnSiteDueAt.ShouldBe(Monday9.AddMinutes(30));
        housing.ResultDueAt.ShouldBe(Monday9.AddDays(1));
        @case.Timeline[^1].Action.ShouldBe("吹哨");
        @case.Timeline[^1].Note!.ShouldContain("住建局、人社局");
        whistle.DomainEvents.OfType<WhistleBlown>().Single().DepartmentIds.ShouldBe([Housing.Id, Labour.Id]);
    }

    [Fact]
    public void Blow_OnAClosedCase_Throws()
    {
        var @case = NewCase(Monday9);
        @case.Reject("不属于受理范围", Director, Monday9);

        Should.Throw<DomainException>(() => Blow(@case, Monday9)).Message.ShouldContain("不能再吹哨");
    }

    [Fact]
    public void Blow_WhileAnotherWhistleOnTheCaseIsOpen_Throws()
    {
        var @case = CaseInHandling(Monday9);
        var first = Blow(@case, Monday9);

        var error = Should.Throw<DomainException>(() => Whistle.Blow(Guid.NewGuid(), @case, [Labour], ResponsePolicy.Normal, EscalationPolicy.Standard, null,
            WorkingCalendar.WeekendsOnly, Director, Monday9.AddMinutes(5), openWhistleOnCase: first));

        error.Message.ShouldContain("尚未结束的吹哨");
        first.Close(WhistleOutcome.JointMediation, null, @case, Director, Monday9.AddMinutes(6));
        Should.NotThrow(() => Whistle.Blow(Guid.NewGuid(), @case, [Labour], ResponsePolicy.Normal, EscalationPolicy.Standard, null,
            WorkingCalendar.WeekendsOnly, Director, Monday9.AddMinutes(7), openWhistleOnCase: first));
    }

    [Fact]
    public void Blow_SameDepartmentTwice_Throws() =>
        Should.Throw<DomainException>(() => Blow(CaseInHandling(Monday9), Monday9, null, null, Housing, Housing)).Message.ShouldContain("住建局");

    [Fact]
    public void Blow_NoDepartments_Throws() =>
        Should.Throw<DomainException>(() => Whistle.Blow(Guid.NewGuid(), CaseInHandling(Monday9), [], ResponsePolicy.Normal, EscalationPolicy.Standard, null, WorkingCalendar.WeekendsOnly, Director, Monday9));

    [Fact]
    public void Summons_RunsAcknowledgeOnSiteReport_AndRecordsTheCaseTimeline()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);
        var id = whistle.Summonses[0].Id;

        whistle.Acknowledge(id, @case, HousingStaff, Monday9.AddMinutes(3));
        whistle.MarkOnSite(id, @case, HousingStaff, Monday9.AddMinutes(50));
        whistle.Report(id, "已约谈物业公司，限期三日整改。", @case, HousingStaff, Monday9.AddHours(5));

        var summons = whistle.Summonses[0];
        summons.State.ShouldBe(SummonsState.Reported);
        summons.AcknowledgedBy.ShouldBe(HousingStaff.Name);
        summons.AcknowledgedAt.ShouldBe(Monday9.AddMinutes(3));
        @case.Timeline.Select(t => t.Action).TakeLast(3).ShouldBe(["部门报到", "部门到场", "部门反馈"]);
        @case.Timeline[^1].ActorName.ShouldBe(HousingStaff.Name);
        whistle.DomainEvents.OfType<SummonsAcknowledged>().Single().Late.ShouldBeFalse();
    }

    [Fact]
    public void Acknowledge_AfterDeadline_MarksLate()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);

        whistle.Acknowledge(whistle.Summonses[0].Id, @case, HousingStaff, Monday9.AddMinutes(16));

        whistle.DomainEvents.OfType<SummonsAcknowledged>().Single().Late.ShouldBeTrue();
        @case.Timeline[^1].Note.ShouldBe("住建局（超时）");
    }

    [Fact]
    public void Acknowledge_Twice_SaysWhoAlreadyDidIt()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);
        var id = whistle.Summonses[0].Id;
        whistle.Acknowledge(id, @case, HousingStaff, Monday9.AddMinutes(1));

        var error = Should.Throw<DomainException>(() => whistle.Acknowledge(id, @case, new Actor(Guid.NewGuid(), "住建局李工"), Monday9.AddMinutes(2)));

        error.Message.ShouldBe("住建局已由 住建局王工 于 2026-11-16 09:01 报到，无需重复报到。");
    }

    [Fact]
    public void Report_BeforeOnSite_IsIllegal()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);

        Should.Throw<DomainException>(() => whistle.Report(whistle.Summonses[0].Id, "结果", @case, HousingStaff, Monday9))
            .Message.ShouldBe("该部门的报到当前为「待报到」，不能反馈。");
    }

    [Fact]
    public void ActingOnAClosedWhistle_Throws_AndChangesNothing()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);
        whistle.Close(WhistleOutcome.JointMediation, null, @case, Director, Monday9.AddHours(1));
        var timeline = @case.Timeline.Count;

        Should.Throw<DomainException>(() => whistle.Acknowledge(whistle.Summonses[0].Id, @case, HousingStaff, Monday9.AddHours(2)))
            .Message.ShouldBe("该哨令已于 2026-11-16 10:00 结束，不能再报到。");
        whistle.Summonses[0].State.ShouldBe(SummonsState.Pending);
        @case.Timeline.Count.ShouldBe(timeline);
    }

    [Fact]
    public void UnknownSummons_SaysThePageMayBeStale()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);

        Should.Throw<DomainException>(() => whistle.Acknowledge(Guid.NewGuid(), @case, HousingStaff, Monday9)).Message.ShouldContain("请刷新");
    }

    [Fact]
    public void Decline_ThenInsist_RestartsTheClockForTheSameDepartment()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);
        var id = whistle.Summonses[0].Id;
        whistle.Decline(id, "不属于本部门职责", @case, HousingStaff, Monday9.AddMinutes(2));

        whistle.Insist(id, "涉及物业监管，属住建局职责", WorkingCalendar.WeekendsOnly, @case, Director, Monday9.AddMinutes(10));

        var summons = whistle.Summonses[0];
        summons.State.ShouldBe(SummonsState.Pending);
        summons.AcknowledgeDueAt.ShouldBe(Monday9.AddMinutes(25));
        summons.Round.ShouldBe(2);
        whistle.DomainEvents.OfType<DeclineSettled>().Single().Reassigned.ShouldBeFalse();
    }

    [Fact]
    public void Decline_ThenReassign_SummonsTheOtherDepartment()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);
        var id = whistle.Summonses[0].Id;
        whistle.Decline(id, "属供热问题", @case, HousingStaff, Monday9.AddMinutes(2));

        var replacement = whistle.Reassign(id, Heating, "改由热力公司处理", WorkingCalendar.WeekendsOnly, @case, Director, Monday9.AddMinutes(5));

        whistle.Summonses[0].State.ShouldBe(SummonsState.Reassigned);
        replacement.DepartmentName.ShouldBe("热力公司");
        replacement.SummonedAt.ShouldBe(Monday9.AddMinutes(5));
        whistle.CurrentSummonsOf(Housing.Id).ShouldBeNull();
        whistle.CurrentSummonsOf(Heating.Id)!.Id.ShouldBe(replacement.Id);
        @case.Timeline[^1].Note!.ShouldContain("住建局 → 热力公司");
    }

    [Fact]
    public void Reassign_ToADepartmentAlreadySummoned_Throws()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9, null, null, Housing, Labour);
        whistle.Decline(whistle.Summonses[0].Id, "不属于本部门职责", @case, HousingStaff, Monday9);

        Should.Throw<DomainException>(() => whistle.Reassign(whistle.Summonses[0].Id, Labour, "改派", WorkingCalendar.WeekendsOnly, @case, Director, Monday9))
            .Message.ShouldContain("人社局已在本次召集之列");
    }

    [Fact]
    public void Close_WithAnUnsettledDecline_Throws()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);
        whistle.Decline(whistle.Summonses[0].Id, "不属于本部门职责", @case, HousingStaff, Monday9);

        Should.Throw<DomainException>(() => whistle.Close(WhistleOutcome.Other, null, @case, Director, Monday9)).Message.ShouldContain("退回尚未处理");
    }

    [Fact]
    public void Close_Twice_Throws()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);
        whistle.Close(WhistleOutcome.ResolvedOnSite, "当场达成协议", @case, Director, Monday9.AddHours(1));

        Should.Throw<DomainException>(() => whistle.Close(WhistleOutcome.ResolvedOnSite, null, @case, Director, Monday9.AddHours(2)));
        whistle.HandledJointlyOnSite.ShouldBeTrue();
    }

    [Fact]
    public void Urge_ByHand_CountsAndIsOnTheTimeline()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);

        whistle.Urge(whistle.Summonses[0].Id, "请尽快报到", @case, Director, Monday9.AddMinutes(8));

        whistle.Summonses[0].UrgeCount.ShouldBe(1);
        @case.Timeline[^1].ShouldSatisfyAllConditions(t => t.Action.ShouldBe("催办"), t => t.Note.ShouldBe("住建局：请尽快报到"));
        whistle.DomainEvents.OfType<UrgeSent>().Single().Automatic.ShouldBeFalse();
    }

    [Fact]
    public void Urge_AReportedSummons_Throws()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);
        var id = whistle.Summonses[0].Id;
        whistle.Acknowledge(id, @case, HousingStaff, Monday9);
        whistle.MarkOnSite(id, @case, HousingStaff, Monday9);
        whistle.Report(id, "已处理", @case, HousingStaff, Monday9);

        Should.Throw<DomainException>(() => whistle.Urge(id, null, @case, Director, Monday9)).Message.ShouldContain("无需催办");
    }

    [Fact]
    public void OverdueDeadline_IsDerivedFromTheClockAndTheState()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);
        var summons = whistle.Summonses[0];

        summons.OverdueDeadline(Monday9.AddMinutes(14)).ShouldBeNull();
        summons.OverdueDeadline(Monday9.AddMinutes(16)).ShouldBe(DeadlineKind.Acknowledge);
        whistle.Acknowledge(summons.Id, @case, HousingStaff, Monday9.AddMinutes(16));
        summons.OverdueDeadline(Monday9.AddMinutes(17)).ShouldBeNull();
        summons.OverdueDeadline(Monday9.AddHours(3)).ShouldBe(DeadlineKind.OnSite);
    }

    [Fact]
    public void Acting_WithAnotherCase_Throws()
    {
        var @case = CaseInHandling(Monday9);
        var whistle = Blow(@case, Monday9);
        var other = CaseInHandling(Monday9);

        Should.Throw<DomainException>(() => whistle.Acknowledge(whistle.Summonses[0].Id, other, HousingStaff, Monday9)).Message.ShouldContain("不属于案件");
    }

    [Fact]
    public void SummonsTransitionTable_RejectsEverythingNotListed()
    {
        foreach (var state in Enum.GetValues<SummonsState>())
        {
            foreach (var action in Enum.GetValues<SummonsAction>())
            {
                if (!Summons.Transitions.CanApply(state, action))
                {
                    Should.Throw<DomainException>(() => Summons.Transitions.Next(state, action));
                }
            }
        }

        Summons.Transitions.Moves.Count().ShouldBe(7);
    }
}
