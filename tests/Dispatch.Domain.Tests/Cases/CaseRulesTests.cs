using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using static Dispatch.Domain.Tests.Builders;

namespace Dispatch.Domain.Tests.Cases;

/// <summary>The case rules that used to live in the command classes, now the domain's own.</summary>
public class CaseRulesTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.WeekendsOnly;

    private static Case Assessed()
    {
        var @case = NewCase(Monday9);
        @case.Route(@case.CenterId, CenterLevel.County, null, "区综治中心", Director, Monday9);
        @case.Assess(RiskLevel.High, null, Director, Monday9);
        return @case;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    public void HandlingTerm_OutsideOneToSixtyWorkingDays_IsRefused(int days)
    {
        var @case = Assessed();

        Should.Throw<DomainException>(() => @case.StartHandling(days, Calendar, null, Director, Monday9)).Message.ShouldBe("办理期限应为 1–60 个工作日。");
        @case.Status.ShouldBe(CaseStatus.Assessed);
    }

    [Fact]
    public void HandlingTerm_InWorkingDays_SkipsTheWeekend()
    {
        var @case = Assessed();

        @case.StartHandling(5, Calendar, "请按期办结", Director, Monday9);

        @case.DueAt.ShouldBe(Calendar.AddWorkingDays(Monday9, 5));
        @case.Timeline[^1].Kind.ShouldBe(TimelineKind.HandlingStarted);
    }

    [Fact]
    public void Dissatisfied_NeedsANewTermOfOneToThirtyWorkingDays()
    {
        var @case = CaseInHandling(Monday9);
        @case.SubmitResult("已修复", Director, Monday9.AddHours(1));

        Should.Throw<DomainException>(() => @case.RecordFollowUp(Satisfaction.Dissatisfied, "仍不热", null, Calendar, Director, Monday9.AddHours(2))).Message.ShouldContain("1–30 个工作日");
        Should.Throw<DomainException>(() => @case.RecordFollowUp(Satisfaction.Dissatisfied, "仍不热", 31, Calendar, Director, Monday9.AddHours(2))).Message.ShouldContain("1–30 个工作日");
        Should.Throw<DomainException>(() => @case.RecordFollowUp((Satisfaction)99, null, null, Calendar, Director, Monday9.AddHours(2))).Message.ShouldBe("请选择群众满意度。");

        @case.RecordFollowUp(Satisfaction.Dissatisfied, "仍不热", 3, Calendar, Director, Monday9.AddHours(2));
        @case.DueAt.ShouldBe(Calendar.AddWorkingDays(Monday9.AddHours(2), 3));
        @case.Timeline[^1].Kind.ShouldBe(TimelineKind.SupervisedAgain);
    }

    [Fact]
    public void NoResult_WhileAWhistleRuns()
    {
        var @case = CaseInHandling(Monday9);

        Should.Throw<DomainException>(() => @case.SubmitResult("已修复", whistleRunning: true, Director, Monday9)).Message.ShouldContain("吹哨尚未结束");
        @case.Status.ShouldBe(CaseStatus.Handling);

        @case.SubmitResult("已修复", whistleRunning: false, Director, Monday9);
        @case.Status.ShouldBe(CaseStatus.FollowUp);
    }

    [Fact]
    public void AnUnknownRiskLevel_IsRefused() =>
        Should.Throw<DomainException>(() => NewCase().Assess((RiskLevel)42, null, Director, Monday9)).Message.ShouldBe("请选择风险等级。");

    [Fact]
    public void AWhistleOnAnAssessedCase_StartsItsHandling_LedByTheFirstDepartmentSummoned()
    {
        var @case = Assessed();

        var whistle = Blow(@case, Monday9, departments: [Labour, Housing]);

        @case.Status.ShouldBe(CaseStatus.Handling);
        @case.AssignedDepartmentId.ShouldBe(Labour.Id);
        @case.DueAt.ShouldBe(whistle.Summonses.Max(s => s.ResultDueAt));
        @case.Timeline.Select(t => t.Kind).TakeLast(2).ShouldBe([TimelineKind.WhistleBlown, TimelineKind.HandlingStarted]);
    }

    [Fact]
    public void AWhistleOnACaseInHandling_LeavesItsHandlingAlone()
    {
        var @case = CaseInHandling(Monday9);
        var due = @case.DueAt;

        Blow(@case, Monday9.AddHours(1), departments: [Labour]);

        @case.DueAt.ShouldBe(due);
        @case.AssignedDepartmentId.ShouldBeNull();
        @case.Timeline[^1].Kind.ShouldBe(TimelineKind.WhistleBlown);
    }

    [Fact]
    public void Raising_AtTheCounty_LeavesTheCaseWhereItIs_BelowItMovesUp()
    {
        var county = NewCase();
        county.RaiseToParent(null, "召集的部门严重超时未响应", Actor.System, Monday9).ShouldBeFalse();
        county.RaisedAt.ShouldBeNull();

        var township = Case.Register(Guid.NewGuid(), CaseCode.Create("DM", 2026, 1), Guid.NewGuid(), Intake(Monday9) with { CenterLevel = CenterLevel.Township }, Clerk, Monday9);
        var parent = new CenterRef(Guid.NewGuid(), CenterLevel.County, "甘州区综治中心");
        township.RaiseToParent(parent, "召集的部门严重超时未响应", Actor.System, Monday9).ShouldBeTrue();
        township.CenterId.ShouldBe(parent.Id);
        township.Timeline[^1].Kind.ShouldBe(TimelineKind.Raised);
    }

    [Fact]
    public void ReceivedAt_AFewMinutesAheadIsNow_LaterOrOverAYearAgoIsAProblem()
    {
        var problems = new FieldProblems();

        CaseIntake.ReceivedAtFor(null, Monday9, problems).ShouldBe(Monday9);
        CaseIntake.ReceivedAtFor(Monday9.AddMinutes(4), Monday9, problems).ShouldBe(Monday9);
        CaseIntake.ReceivedAtFor(Monday9.AddDays(-3), Monday9, problems).ShouldBe(Monday9.AddDays(-3));
        problems.Any.ShouldBeFalse();

        CaseIntake.ReceivedAtFor(Monday9.AddMinutes(6), Monday9, problems);
        CaseIntake.ReceivedAtFor(Monday9.AddYears(-1).AddDays(-1), Monday9, problems);
        problems.ToDictionary()["receivedAt"].ShouldBe(["收到时间不能晚于当前时间。", "收到时间早于一年前，请核对。"]);
    }

    [Fact]
    public void Parties_AtLeastOne_AtMostFifty_EachCheckedUnderItsIndex()
    {
        var none = new FieldProblems();
        Party.ReadAll([], none).ShouldBeEmpty();
        none.ToDictionary()["parties"].ShouldBe(["请至少登记一名当事人。"]);

        var many = new FieldProblems();
        Party.ReadAll([.. Enumerable.Range(0, 51).Select(i => ((string?)$"当事人{i}", (string?)null, (string?)null))], many);
        many.ToDictionary()["parties"].ShouldHaveSingleItem().ShouldContain("最多登记 50 名");

        var one = new FieldProblems();
        var read = Party.ReadAll([("王某华", "13909361234", null), ("李某", "12345", null)], one);
        read.Select(p => p.Name).ShouldBe(["王某华"]);
        one.ToDictionary().Keys.ShouldBe(["parties[1].phone"]);
    }

    [Fact]
    public void Attachments_CountSizeAndKind()
    {
        (string, string, long) Photo(long length = 1000) => ("现场.jpg", "image/jpeg", length);

        AttachmentRules.Check([Photo(), Photo()]);
        Should.Throw<DomainException>(() => AttachmentRules.Check([.. Enumerable.Repeat(Photo(), 11)])).Message.ShouldBe("每件案件最多上传 10 个附件（现为 11 个）。");
        Should.Throw<DomainException>(() => AttachmentRules.Check([Photo(), Photo()], already: 9)).Message.ShouldBe("每件案件最多 10 个附件，该案件已有 9 个。");
        Should.Throw<DomainException>(() => AttachmentRules.Check([Photo(0)])).Message.ShouldContain("是空文件");
        Should.Throw<DomainException>(() => AttachmentRules.Check([Photo(AttachmentRules.MaxBytes + 1)])).Message.ShouldContain("超过 10 MB");
        Should.Throw<DomainException>(() => AttachmentRules.Check([("脚本.exe", "application/x-msdownload", 10)])).Message.ShouldContain("类型不支持");
    }
}
