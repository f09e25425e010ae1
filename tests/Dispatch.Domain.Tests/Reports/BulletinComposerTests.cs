using Dispatch.Domain.Cases;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Reports;
using Dispatch.Domain.Whistles;
using static Dispatch.Domain.Tests.Reports.ReportCalculatorTests;

namespace Dispatch.Domain.Tests.Reports;

/// <summary>The bulletin of Friday 2026-11-20 at 17:00, composed from a fixture.</summary>
public class BulletinComposerTests
{
    private static readonly TimeSpan Cst = WorkingCalendar.ChinaStandardTime;
    private static readonly DateOnly Friday = new(2026, 11, 20);
    private static readonly DateTimeOffset At = new(2026, 11, 20, 17, 0, 0, Cst);
    private static readonly Guid HousingId = Guid.NewGuid();
    private static readonly Guid LabourId = Guid.NewGuid();

    private static BulletinContent Compose()
    {
        var morning = new DateTimeOffset(2026, 11, 20, 9, 0, 0, Cst);
        CaseFact[] cases =
        [
            Case(morning, CaseCategory.Heating),
            Case(morning.AddHours(1), CaseCategory.Heating),
            Case(morning.AddHours(2), CaseCategory.WageArrears, closed: morning.AddHours(6)),
            Case(morning.AddDays(-1), CaseCategory.Heating),
            Case(morning.AddDays(-1), CaseCategory.Land),
            Case(morning.AddDays(-9), CaseCategory.Land, closed: morning.AddDays(-2)),
        ];
        WhistleFact[] whistles =
        [
            new(morning.AddHours(5), WhistleOutcome.ResolvedOnSite, true) { BlownAt = morning.AddHours(1) },
            new(null, null, false) { BlownAt = morning.AddHours(3) },
            new(morning.AddDays(-1), WhistleOutcome.JointMediation, true) { BlownAt = morning.AddDays(-1) },
        ];
        FollowUpFact[] followUps =
        [
            new(morning.AddHours(1), Satisfaction.Satisfied),
            new(morning.AddHours(2), Satisfaction.BasicallySatisfied),
            new(morning.AddHours(3), Satisfaction.Dissatisfied),
            new(morning.AddDays(-1), Satisfaction.Dissatisfied),
        ];
        AcknowledgementFact[] acknowledgements =
        [
            new(HousingId, morning.AddHours(1), morning.AddHours(1).AddMinutes(4)),
            new(LabourId, morning.AddHours(3), morning.AddHours(3).AddMinutes(8)),
        ];
        Obligation[] open =
        [
            new("GZ-2026-000101-1", "小区暖气不热", HousingId, "住建局", ObligationKind.Acknowledge, new DateTimeOffset(2026, 11, 20, 16, 0, 0, Cst)),
            new("GZ-2026-000088-2", "电梯停运", HousingId, "住建局", ObligationKind.CaseDue, new DateTimeOffset(2026, 11, 18, 17, 0, 0, Cst)),
            new("GZ-2026-000120-3", "欠薪", LabourId, "人社局", ObligationKind.Result, new DateTimeOffset(2026, 11, 20, 16, 59, 0, Cst)),
            new("GZ-2026-000130-4", "邻里纠纷", null, BulletinComposer.CenterOwner, ObligationKind.CaseDue, new DateTimeOffset(2026, 11, 23, 12, 0, 0, Cst)),
            new("GZ-2026-000131-5", "暖气漏水", HousingId, "住建局", ObligationKind.OnSite, new DateTimeOffset(2026, 11, 20, 17, 30, 0, Cst)),
            new("GZ-2026-000140-6", "工伤认定", LabourId, "人社局", ObligationKind.Result, new DateTimeOffset(2026, 11, 24, 9, 0, 0, Cst)),
        ];

        return BulletinComposer.Compose(Friday, At, WorkingCalendar.WeekendsOnly, cases, whistles, followUps, acknowledgements, open);
    }

    [Fact]
    public void TheDaysNumbers()
    {
        var n = Compose().Numbers;

        (n.Received, n.Closed, n.WhistlesBlown).ShouldBe((3, 1, 2));
        n.OpenCases.ShouldBe(4, "two of today's, two of yesterday's; the closed ones are not open");
        n.TimelyAcceptance.ShouldBe(new Rate(3, 3));
        n.OnSiteResolution.ShouldBe(new Rate(1, 1));
        n.Satisfaction.ShouldBe(new Rate(2, 3));
        n.SecondSupervisions.ShouldBe(1);
        n.AcknowledgementMedian.ShouldBe(TimeSpan.FromMinutes(6));
    }

    [Fact]
    public void OverdueGroupedByDepartment_MostFirst_OldestFirst()
    {
        var content = Compose();

        content.Overdue.Select(d => d.Owner).ShouldBe(["住建局", "人社局"]);
        content.Overdue[0].Items.Select(i => (i.Obligation.CaseCode, i.OverdueBy)).ShouldBe(
            [("GZ-2026-000088-2", TimeSpan.FromDays(2)), ("GZ-2026-000101-1", TimeSpan.FromHours(1))]);
        content.Overdue[1].Items.Single().OverdueBy.ShouldBe(TimeSpan.FromMinutes(1));
        content.OverdueCount.ShouldBe(3);
    }

    [Fact]
    public void TopCategoriesAgainstTheDayBefore_AndWhatFallsDueByTheEndOfMonday()
    {
        var content = Compose();

        content.TopCategories.Select(c => (c.Category, c.Count, c.PreviousCount)).ShouldBe([(CaseCategory.Heating, 2, 1), (CaseCategory.WageArrears, 1, 0)]);
        content.NextWorkingDay.ShouldBe(new DateOnly(2026, 11, 23));
        content.DueNext.Select(o => o.CaseCode).ShouldBe(["GZ-2026-000131-5", "GZ-2026-000130-4"]);
    }

    [Fact]
    public void AsText_ForMailAndTheLog()
    {
        var text = BulletinComposer.ToText(Compose(), "甘州区每日信访通报 2026年第 231 期");

        text.ShouldStartWith("甘州区每日信访通报 2026年第 231 期\n2026年11月20日（截至 17:00）");
        text.ShouldContain("受理 3 件，办结 1 件，吹哨 2 次，在办 4 件");
        text.ShouldContain("二、超期事项（共 3 项）：\n  住建局（2 项）\n    GZ-2026-000088-2 电梯停运：办结超期 2天0小时\n    GZ-2026-000101-1 小区暖气不热：报到超期 1小时0分");
        text.ShouldContain("三、今日诉求类别：供热 2 件（前一日 1 件）；欠薪 1 件（前一日 0 件）");
        text.ShouldContain("四、11月23日（下一工作日）结束前到期（共 2 项）：\n    2026-11-20 17:30 住建局 GZ-2026-000131-5 暖气漏水：到场");
        BulletinComposer.Number(Friday, 231).ShouldBe("2026年第 231 期");
    }
}
