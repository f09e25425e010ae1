using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using static Dispatch.Domain.Tests.Builders;

namespace Dispatch.Domain.Tests.Cases;

public class CaseTests
{
    [Fact]
    public void Register_StartsAcceptedWithATimelineEntryAndAnEvent()
    {
        var @case = NewCase(Monday9);

        @case.Status.ShouldBe(CaseStatus.Accepted);
        @case.AcceptedAt.ShouldBe(Monday9);
        @case.AcceptanceDueAt.ShouldBe(Monday9.AddMinutes(-30).AddDays(1));
        @case.Timeline.Single().ShouldSatisfyAllConditions(
            t => t.Action.ShouldBe("受理登记"),
            t => t.ActorName.ShouldBe(Clerk.Name),
            t => t.At.ShouldBe(Monday9));
        @case.DomainEvents.OfType<CaseRegistered>().Single().Code.ShouldBe(@case.Code);
    }

    [Fact]
    public void Register_WithoutParties_Throws()
    {
        var intake = Intake(Monday9) with { Parties = [] };

        Should.Throw<DomainException>(() => Case.Register(Guid.NewGuid(), CaseCode.Create("GZ", 2026, 1), Guid.NewGuid(), intake, Clerk, Monday9))
            .Message.ShouldBe("请至少登记一名当事人。");
    }

    [Fact]
    public void Register_ReceivedInTheFuture_Throws() =>
        Should.Throw<DomainException>(() => Case.Register(Guid.NewGuid(), CaseCode.Create("GZ", 2026, 1), Guid.NewGuid(), Intake(Monday9.AddHours(1)), Clerk, Monday9));

    [Fact]
    public void FullLoop_RecordsEveryStepWithWhoAndWhen()
    {
        var @case = NewCase(Monday9);
        var t = Monday9;

        @case.Route(@case.CenterId, CenterLevel.Township, null, "西街街道综治中心", Director, t = t.AddMinutes(5));
        @case.Assess(RiskLevel.Medium, "涉及 40 户", Director, t = t.AddMinutes(5));
        @case.StartHandling(t.AddDays(3), null, Director, t = t.AddMinutes(5));
        @case.SubmitResult("已协调热力公司更换管网阀门，室温恢复至 20 度。", HousingStaff, t = t.AddDays(1));
        @case.RecordFollowUp(Satisfaction.Satisfied, "电话回访", null, Clerk, t = t.AddHours(2));
        @case.Close("已化解", Director, t = t.AddMinutes(1));

        @case.Status.ShouldBe(CaseStatus.Closed);
        @case.ClosedAt.ShouldBe(t);
        @case.ClosedAtLevel.ShouldBe(CenterLevel.Township);
        @case.Timeline.Select(e => e.Action).ShouldBe(["受理登记", "分流", "研判", "开始处置", "提交办理结果", "回访", "结案"]);
        @case.Timeline.Select(e => e.Sequence).ShouldBe([1, 2, 3, 4, 5, 6, 7]);
        @case.DomainEvents.OfType<CaseStatusChanged>().Select(e => e.To)
            .ShouldBe([CaseStatus.Routed, CaseStatus.Assessed, CaseStatus.Handling, CaseStatus.FollowUp, CaseStatus.Closed]);
    }

    [Fact]
    public void Close_BeforeHandling_ThrowsAReadableMessage()
    {
        var @case = NewCase(Monday9);

        var error = Should.Throw<DomainException>(() => @case.Close("结束", Director, Monday9));

        error.Message.ShouldBe("案件当前为「已受理」，不能结案。");
        @case.Status.ShouldBe(CaseStatus.Accepted);
        @case.Timeline.Count.ShouldBe(1);
    }

    [Fact]
    public void Close_WithoutFollowUp_Throws()
    {
        var @case = CaseInHandling(Monday9);
        @case.SubmitResult("已办结", HousingStaff, Monday9.AddHours(1));

        Should.Throw<DomainException>(() => @case.Close("已化解", Director, Monday9.AddHours(2))).Message.ShouldBe("结案前须先完成回访。");
    }

    [Fact]
    public void Reject_NeedsAReasonAndEndsTheCase()
    {
        var @case = NewCase(Monday9);

        Should.Throw<DomainException>(() => @case.Reject(" ", Director, Monday9)).Message.ShouldBe("请填写不予受理的理由。");
        @case.Reject("属于诉讼程序处理事项，已告知当事人向法院起诉。", Director, Monday9.AddMinutes(10));

        @case.Status.ShouldBe(CaseStatus.Rejected);
        @case.IsOpen.ShouldBeFalse();
        @case.RejectionReason.ShouldStartWith("属于诉讼程序");
    }

    [Fact]
    public void Reject_AfterRouting_IsNotAllowed()
    {
        var @case = NewCase(Monday9);
        @case.Route(@case.CenterId, CenterLevel.County, null, "区综治中心", Director, Monday9);

        Should.Throw<DomainException>(() => @case.Reject("理由", Director, Monday9)).Message.ShouldBe("案件当前为「已分流」，不能不予受理。");
    }

    [Fact]
    public void DissatisfiedFollowUp_StartsSecondSupervisionWithANewDeadline()
    {
        var @case = CaseInHandling(Monday9);
        @case.SubmitResult("已办结", HousingStaff, Monday9.AddHours(1));
        var newDue = Monday9.AddDays(5);

        @case.RecordFollowUp(Satisfaction.Dissatisfied, "室温仍然偏低", newDue, Clerk, Monday9.AddHours(2));

        @case.Status.ShouldBe(CaseStatus.Handling);
        @case.SupervisionCount.ShouldBe(1);
        @case.FollowUps.Single().Satisfaction.ShouldBe(Satisfaction.Dissatisfied);
        @case.DueAt.ShouldBe(newDue);
        @case.Timeline.Select(e => e.Action).TakeLast(2).ShouldBe(["回访", "二次督办"]);
    }

    [Fact]
    public void DissatisfiedFollowUp_WithoutNewDeadline_Throws()
    {
        var @case = CaseInHandling(Monday9);
        @case.SubmitResult("已办结", HousingStaff, Monday9.AddHours(1));

        Should.Throw<DomainException>(() => @case.RecordFollowUp(Satisfaction.Dissatisfied, null, null, Clerk, Monday9.AddHours(2)));
        @case.Status.ShouldBe(CaseStatus.FollowUp);
    }

    [Fact]
    public void RaiseTo_MovesTheCaseUp_KeepingItsStage()
    {
        var @case = NewCase(Monday9);
        @case.Route(Guid.NewGuid(), CenterLevel.Township, null, "西街街道综治中心", Director, Monday9);
        var county = Guid.NewGuid();

        @case.RaiseTo(county, CenterLevel.County, "甘州区综治中心", "住建局报到超时两倍", Actor.System, Monday9.AddHours(1));

        @case.CenterId.ShouldBe(county);
        @case.CenterLevel.ShouldBe(CenterLevel.County);
        @case.Status.ShouldBe(CaseStatus.Routed);
        @case.Timeline[^1].ShouldSatisfyAllConditions(t => t.Action.ShouldBe("升级"), t => t.Note!.ShouldStartWith("由乡镇（街道）升至甘州区综治中心"));
        @case.DomainEvents.OfType<CaseRaised>().Single().To.ShouldBe(CenterLevel.County);
        Should.Throw<DomainException>(() => @case.RaiseTo(county, CenterLevel.County, "甘州区综治中心", "再次", Actor.System, Monday9.AddHours(2)));
    }

    [Fact]
    public void IsOverdue_DerivedFromTheClock()
    {
        var @case = CaseInHandling(Monday9);

        @case.IsOverdue(Monday9.AddDays(2)).ShouldBeFalse();
        @case.IsOverdue(Monday9.AddDays(3).AddMinutes(1)).ShouldBeTrue();
    }

    [Fact]
    public void TransitionTable_EveryPairNotListedThrows()
    {
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            foreach (var action in Enum.GetValues<CaseAction>())
            {
                var listed = Case.Transitions.Moves.Any(m => m.From == status && m.Action == action);
                Case.Transitions.CanApply(status, action).ShouldBe(listed);
                if (!listed)
                {
                    Should.Throw<DomainException>(() => Case.Transitions.Next(status, action)).Message.ShouldContain(Labels.Of(status));
                }
            }
        }
    }
}
