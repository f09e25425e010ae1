using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Risk;
using Dispatch.Domain.Whistles;
using static Dispatch.Domain.Tests.Builders;
using static Dispatch.Domain.Tests.Reports.ReportCalculatorTests;

namespace Dispatch.Domain.Tests.Risk;

public class RiskTests
{
    private static readonly DateTimeOffset Now = Monday9.AddDays(7);
    private static readonly Guid VillageA = Guid.NewGuid();
    private static readonly Guid VillageB = Guid.NewGuid();

    private static RiskRule PropertyCluster => RiskRule.Create(Guid.NewGuid(), "社区聚集：物业", RiskRuleKind.Cluster, CaseCategory.PropertyManagement, 7, 3, null, true, Director, Monday9);

    private static RiskRule WeeklyRise => RiskRule.Create(Guid.NewGuid(), "类别环比上升", RiskRuleKind.Rise, null, 7, 5, 50, true, Director, Monday9);

    [Fact]
    public void Cluster_FiresOnThreeCasesInOneVillageWithinTheWindow_WithTheCasesBehindIt()
    {
        var rule = PropertyCluster;
        CaseFact[] cases =
        [
            Case(Now.AddDays(-1), CaseCategory.PropertyManagement, village: VillageA),
            Case(Now.AddDays(-3), CaseCategory.PropertyManagement, village: VillageA),
            Case(Now.AddDays(-6), CaseCategory.PropertyManagement, village: VillageA),
            Case(Now.AddDays(-2), CaseCategory.PropertyManagement, village: VillageB),
            Case(Now.AddDays(-2), CaseCategory.PropertyManagement, village: VillageB),
            Case(Now.AddDays(-8), CaseCategory.PropertyManagement, village: VillageB),
            Case(Now.AddDays(-1), CaseCategory.Heating, village: VillageB),
            Case(Now.AddDays(-1), CaseCategory.PropertyManagement, village: VillageB) with { Status = CaseStatus.Rejected },
        ];

        var signal = RiskEvaluator.Evaluate(rule, cases, Now).ShouldHaveSingleItem();

        signal.PlaceId.ShouldBe(VillageA);
        signal.Count.ShouldBe(3);
        signal.CaseIds.ShouldBe([cases[2].Id, cases[1].Id, cases[0].Id]);
        signal.Window.ShouldBe(new Period(Now.AddDays(-7), Now));
    }

    [Fact]
    public void Cluster_StaysQuietOnAQuietWeek()
    {
        CaseFact[] quiet =
        [
            Case(Now.AddDays(-1), CaseCategory.PropertyManagement, village: VillageA),
            Case(Now.AddDays(-4), CaseCategory.PropertyManagement, village: VillageA),
            Case(Now.AddDays(-2), CaseCategory.PropertyManagement, village: VillageB),
            Case(Now.AddDays(-20), CaseCategory.PropertyManagement, village: VillageB),
            Case(Now.AddDays(-21), CaseCategory.PropertyManagement, village: VillageB),
        ];

        RiskEvaluator.Evaluate([PropertyCluster, WeeklyRise], quiet, Now).ShouldBeEmpty();
    }

    [Fact]
    public void Rise_WeekOnWeek_AboveTheThreshold_AndFromNothing()
    {
        var cases = Many(CaseCategory.Heating, 8, Now.AddDays(-3))
            .Concat(Many(CaseCategory.Heating, 4, Now.AddDays(-10)))
            .Concat(Many(CaseCategory.WageArrears, 5, Now.AddDays(-3)))
            .Concat(Many(CaseCategory.WageArrears, 4, Now.AddDays(-10)))
            .Concat(Many(CaseCategory.PropertyManagement, 6, Now.AddDays(-1)))
            .Concat(Many(CaseCategory.Consumer, 3, Now.AddDays(-1)))
            .ToList();

        var signals = RiskEvaluator.Evaluate(WeeklyRise, cases, Now);

        signals.Select(s => (s.Category, s.Count, s.PreviousCount)).ShouldBe([(CaseCategory.Heating, 8, 4), (CaseCategory.PropertyManagement, 6, 0)]);
        var warning = RiskWarning.Raise(Guid.NewGuid(), signals[0], WeeklyRise, null, Now);
        warning.Summary.ShouldBe("「供热」类诉求近 7 天 8 件，前 7 天 4 件，上升 100%");
        warning.DomainEvents.ShouldHaveSingleItem().ShouldBeOfType<RiskWarningRaised>();
    }

    [Fact]
    public void ARuleWithBadValues_SaysEverythingToFix()
    {
        var error = Should.Throw<DomainException>(() => RiskRule.Create(Guid.NewGuid(), " ", RiskRuleKind.Rise, null, 0, 1, null, true, Director, Monday9));

        error.Message.ShouldBe("规则名称须为 1–50 个字；统计天数须在 1–90 天之间；案件数门槛须在 2–10000 件之间；环比上升幅度须在 1%–1000% 之间。");
        error.Problems.ShouldBe(["规则名称须为 1–50 个字。", "统计天数须在 1–90 天之间。", "案件数门槛须在 2–10000 件之间。", "环比上升幅度须在 1%–1000% 之间。"]);
        PropertyCluster.Describe().ShouldBe("同一村（社区）「物业」类诉求 7 天内达到 3 件");
        WeeklyRise.Describe().ShouldBe("同一类别诉求近 7 天比前 7 天上升超过 50%，且不少于 5 件");
    }

    [Fact]
    public void OneOpenWarningPerPlace_RefreshedNotRepeated_AndQuietForAWindowAfterItWasSettled()
    {
        var rule = PropertyCluster;
        var signal = new RiskSignal(rule.Id, "cluster:x", CaseCategory.PropertyManagement, VillageA, 3, null, new Period(Now.AddDays(-7), Now), [Guid.NewGuid()]);
        RiskWarning.Decide(signal, null, rule, Now).ShouldBe(RiskDecision.Raise);
        var warning = RiskWarning.Raise(Guid.NewGuid(), signal, rule, "新新村", Now);
        warning.Summary.ShouldBe("新新村「物业」类诉求 7 天内达 3 件");
        RiskWarning.Decide(signal, warning, rule, Now.AddHours(1)).ShouldBe(RiskDecision.Refresh);
        warning.Refresh(signal with { Count = 4, CaseIds = [.. signal.CaseIds, Guid.NewGuid()] }, Now.AddHours(1));
        warning.Count.ShouldBe(4);
        warning.CaseIds.Count.ShouldBe(2);

        warning.IssueLetter("甘综治警〔2026〕1号", Housing.Id, "住建局", warning.DraftLetter("住建局", "甘州区综治中心"), WorkingCalendar.WeekendsOnly, Director, Now.AddHours(2));
        warning.Status.ShouldBe(RiskWarningStatus.LetterIssued);
        warning.DomainEvents.OfType<WarningLetterIssued>().ShouldHaveSingleItem().DepartmentId.ShouldBe(Housing.Id);
        warning.LetterBody!.ShouldContain("新新村「物业」类诉求 7 天内达 4 件");
        Should.Throw<DomainException>(() => warning.Dismiss("重复", Director, Now.AddHours(3))).Message.ShouldContain("不能重复处理");
        RiskWarning.Decide(signal, warning, rule, Now.AddDays(3)).ShouldBe(RiskDecision.Quiet);
        RiskWarning.Decide(signal, warning, rule, Now.AddDays(8)).ShouldBe(RiskDecision.Raise);

        warning.MarkLetterRead(HousingStaff, Now.AddHours(4));
        warning.MarkLetterRead(Director, Now.AddHours(5));
        warning.LetterReadBy.ShouldBe(HousingStaff.Name);
        warning.DomainEvents.OfType<WarningLetterSigned>().ShouldHaveSingleItem("signed once, however often 签收 is pressed").By.ShouldBe(HousingStaff.Name);
    }

    [Fact]
    public void TheLetterIsAnsweredInWriting_AfterSigning_Once_WithinThreeWorkingDays()
    {
        var signal = new RiskSignal(PropertyCluster.Id, "cluster:z", CaseCategory.PropertyManagement, VillageA, 3, null, new Period(Now.AddDays(-7), Now), [Guid.NewGuid()]);
        var warning = RiskWarning.Raise(Guid.NewGuid(), signal, PropertyCluster, "新新村", Now);
        var friday16 = Monday9.AddDays(4).AddHours(7);
        Should.Throw<DomainException>(() => warning.RecordFeedback("已组织专题研判，逐件核查并落实化解责任人。", HousingStaff, friday16)).Message.ShouldBe("该预警尚未发出警示函。");

        warning.IssueLetter("甘综治警〔2026〕2号", Housing.Id, "住建局", warning.DraftLetter("住建局", "甘州区综治中心"), WorkingCalendar.WeekendsOnly, Director, friday16);

        // Friday 16:00 + 3 working days = Wednesday 16:00; the letter says so.
        warning.FeedbackDueAt.ShouldBe(Monday9.AddDays(9).AddHours(7));
        warning.LetterBody!.ShouldContain("3 个工作日内");
        warning.IsFeedbackOverdue(Monday9.AddDays(9).AddHours(7)).ShouldBeFalse();
        warning.IsFeedbackOverdue(Monday9.AddDays(9).AddHours(7.01)).ShouldBeTrue();
        Should.Throw<DomainException>(() => warning.RecordFeedback("已组织专题研判，逐件核查并落实化解责任人。", HousingStaff, friday16.AddHours(1))).Message.ShouldBe("请先签收警示函，再提交整改反馈。");
        warning.MarkLetterRead(HousingStaff, friday16.AddHours(1));
        Should.Throw<DomainException>(() => warning.RecordFeedback("已阅", HousingStaff, friday16.AddHours(2))).Message.ShouldContain("不少于 10 个字");
        Should.Throw<DomainException>(() => warning.RecordFeedback("   ", HousingStaff, friday16.AddHours(2)));

        warning.RecordFeedback("  已组织专题研判，逐件核查涉及的 3 件物业诉求，落实化解责任人，本周内答复群众。 ", HousingStaff, Monday9.AddDays(9).AddHours(8));

        warning.Feedback.ShouldBe("已组织专题研判，逐件核查涉及的 3 件物业诉求，落实化解责任人，本周内答复群众。");
        warning.FeedbackBy.ShouldBe(HousingStaff.Name);
        warning.IsFeedbackOverdue(Monday9.AddDays(20)).ShouldBeFalse("answered, even if late");
        var received = warning.DomainEvents.OfType<WarningFeedbackReceived>().ShouldHaveSingleItem();
        (received.DepartmentId, received.Number, received.DepartmentName).ShouldBe((Housing.Id, "甘综治警〔2026〕2号", "住建局"));
        Should.Throw<DomainException>(() => warning.RecordFeedback("再补充一些整改情况说明，请中心知悉。", HousingStaff, Monday9.AddDays(10))).Message.ShouldContain("不能重复提交");
    }

    [Fact]
    public void Dismissing_NeedsAReason_AndTellsTheConsoles()
    {
        var signal = new RiskSignal(PropertyCluster.Id, "cluster:y", CaseCategory.PropertyManagement, VillageA, 3, null, new Period(Now.AddDays(-7), Now), [Guid.NewGuid()]);
        var warning = RiskWarning.Raise(Guid.NewGuid(), signal, PropertyCluster, "新新村", Now);

        Should.Throw<DomainException>(() => warning.Dismiss("  ", Director, Now)).Message.ShouldContain("不发警示函的理由");
        warning.Dismiss("已召开专题会部署，案件均在办理中", Director, Now.AddHours(1));

        warning.Status.ShouldBe(RiskWarningStatus.Dismissed);
        warning.DismissReason.ShouldBe("已召开专题会部署，案件均在办理中");
        warning.DomainEvents.OfType<RiskWarningDismissed>().ShouldHaveSingleItem().Summary.ShouldBe(warning.Summary);
        Should.Throw<DomainException>(() => warning.MarkLetterRead(HousingStaff, Now.AddHours(2))).Message.ShouldBe("该预警尚未发出警示函。");
    }

    private static IEnumerable<CaseFact> Many(CaseCategory category, int count, DateTimeOffset at) =>
        Enumerable.Range(0, count).Select(i => Case(at.AddMinutes(i), category, village: Guid.NewGuid()));
}
