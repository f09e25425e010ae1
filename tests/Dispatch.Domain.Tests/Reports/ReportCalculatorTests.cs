using Dispatch.Domain.Cases;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Reports;
using Dispatch.Domain.Whistles;
using static Dispatch.Domain.Tests.Builders;

namespace Dispatch.Domain.Tests.Reports;

/// <summary>The report's tables on a small county computed by hand.</summary>
public class ReportCalculatorTests
{
    private static readonly Period Week = new(Monday9, Monday9.AddDays(7));
    private static readonly DateTimeOffset Now = Monday9.AddDays(7);
    private static readonly Guid HousingId = Housing.Id;
    private static readonly Guid LabourId = Labour.Id;
    private static readonly Guid HealthId = Guid.NewGuid();
    private static readonly Guid Dongmen = Guid.NewGuid();
    private static readonly Guid Ximen = Guid.NewGuid();

    [Fact]
    public void DepartmentRanking_ByHand()
    {
        SummonsFact[] summonses =
        [
            // 住建局: one on time; one acknowledged 5 minutes late; one declined (not its to answer).
            Summons(HousingId, Monday9, ackAfter: 5, onSiteAfter: 50, reportAfter: TimeSpan.FromDays(1)),
            Summons(HousingId, Monday9.AddDays(1), ackAfter: 15, onSiteAfter: 50, reportAfter: TimeSpan.FromDays(1)),
            Summons(HousingId, Monday9.AddDays(1), ackAfter: null, onSiteAfter: null, reportAfter: null) with { State = SummonsState.Declined },
            // 人社局: one on time.
            Summons(LabourId, Monday9.AddDays(2), ackAfter: 3, onSiteAfter: 30, reportAfter: TimeSpan.FromHours(2)),
            // Last week's: outside the period.
            Summons(LabourId, Monday9.AddDays(-2), ackAfter: 30, onSiteAfter: null, reportAfter: null),
        ];
        CaseFact[] cases =
        [
            Case(received: Monday9.AddDays(-3), department: HousingId, due: Monday9.AddDays(2), result: Monday9.AddDays(1)),
            Case(received: Monday9.AddDays(-3), department: HousingId, due: Monday9.AddDays(3), result: null),
            Case(received: Monday9.AddDays(-3), department: LabourId, due: Monday9.AddDays(9), result: null),
        ];
        FollowUpFact[] followUps =
        [
            new(Monday9.AddDays(2), Satisfaction.Satisfied) { DepartmentId = HousingId },
            new(Monday9.AddDays(3), Satisfaction.Dissatisfied) { DepartmentId = HousingId },
            new(Monday9.AddDays(3), Satisfaction.BasicallySatisfied) { DepartmentId = LabourId },
        ];

        var ranking = ReportCalculator.DepartmentRanking([HousingId, LabourId, HealthId], summonses, cases, followUps, Week, Now);

        ranking.Select(r => (r.DepartmentId, r.Rank)).ShouldBe([(LabourId, 1), (HousingId, 2), (HealthId, 3)]);
        var housing = ranking[1];
        housing.Summonses.ShouldBe(2);
        housing.AcknowledgedInTime.ShouldBe(new Rate(1, 2));
        housing.AcknowledgementMedian.ShouldBe(TimeSpan.FromMinutes(10));
        housing.OnTime.ShouldBe(new Rate(2, 4));
        housing.Overdue.ShouldBe(2);
        housing.Satisfaction.ShouldBe(new Rate(1, 2));
        housing.CasesHandled.ShouldBe(1);
        var labour = ranking[0];
        labour.OnTime.ShouldBe(new Rate(1, 1));
        labour.AcknowledgementMedian.ShouldBe(TimeSpan.FromMinutes(3));
        labour.Satisfaction.ShouldBe(new Rate(1, 1));
        var health = ranking[2];
        health.OnTime.Value.ShouldBeNull();
        health.AcknowledgementMedian.ShouldBeNull();
    }

    [Fact]
    public void ASummonsLeftOpenWhenTheWhistleEnded_OwesNothingAfterIt()
    {
        var open = Summons(HousingId, Monday9, ackAfter: 5, onSiteAfter: null, reportAfter: null) with { WhistleClosedAt = Monday9.AddMinutes(20) };
        var late = open with { WhistleClosedAt = Monday9.AddHours(2) };

        open.MissedADeadline(Now).ShouldBeFalse();
        late.MissedADeadline(Now).ShouldBeTrue("the on-site deadline (60 min) passed before the whistle ended");
    }

    [Fact]
    public void CategoryBreakdown_ComparesWithThePeriodBefore_AndCountsWhatIsStillOpen()
    {
        CaseFact[] cases =
        [
            Case(Monday9.AddDays(1), category: CaseCategory.Heating),
            Case(Monday9.AddDays(2), category: CaseCategory.Heating, closed: Monday9.AddDays(3)),
            Case(Monday9.AddDays(2), category: CaseCategory.Heating),
            Case(Monday9.AddDays(-2), category: CaseCategory.Heating),
            Case(Monday9.AddDays(3), category: CaseCategory.WageArrears),
            Case(Monday9.AddDays(-5), category: CaseCategory.Land, closed: Monday9.AddDays(-1)),
            Case(Monday9.AddDays(-6), category: CaseCategory.Land) with { Status = CaseStatus.Rejected },
        ];

        var lines = ReportCalculator.CategoryBreakdown(cases, Week);

        lines.Select(l => (l.Category, l.Count, l.PreviousCount, l.OpenAtEnd)).ShouldBe(
            [(CaseCategory.Heating, 3, 1, 3), (CaseCategory.WageArrears, 1, 0, 1), (CaseCategory.Land, 0, 2, 0)]);
        lines[0].Share.ShouldBe(0.75);
        lines[0].Change.ShouldBe(2.0);
        lines[1].Change.ShouldBeNull();
    }

    [Fact]
    public void CategoryBreakdown_TakesThePeriodBeforeAsCounts_WhenGiven()
    {
        CaseFact[] cases =
        [
            Case(Monday9.AddDays(1), category: CaseCategory.Heating),
            Case(Monday9.AddDays(-2), category: CaseCategory.Heating),
        ];
        var counted = new Dictionary<CaseCategory, int> { [CaseCategory.Heating] = 4, [CaseCategory.Land] = 2 };

        var lines = ReportCalculator.CategoryBreakdown(cases, Week, counted);

        lines.Select(l => (l.Category, l.Count, l.PreviousCount)).ShouldBe([(CaseCategory.Heating, 1, 4), (CaseCategory.Land, 0, 2)]);
        lines[0].Change.ShouldBe(-0.75);
    }

    [Fact]
    public void TownshipBreakdown_ByHand()
    {
        CaseFact[] cases =
        [
            Case(Monday9.AddDays(1), township: Dongmen, due: Monday9.AddDays(2), closed: Monday9.AddDays(1.5)),
            Case(Monday9.AddDays(1), township: Dongmen, due: Monday9.AddDays(3)),
            Case(Monday9.AddDays(-10), township: Dongmen),
            Case(Monday9.AddDays(2), township: Ximen),
        ];
        FollowUpFact[] followUps = [new(Monday9.AddDays(2), Satisfaction.Satisfied) { TownshipId = Dongmen }];

        var lines = ReportCalculator.TownshipBreakdown([Dongmen, Ximen], cases, followUps, Week, Now);

        var dongmen = lines.Single(l => l.TownshipId == Dongmen);
        (dongmen.Received, dongmen.Closed, dongmen.OpenAtEnd).ShouldBe((2, 1, 2));
        dongmen.OnTimeCompletion.ShouldBe(new Rate(1, 2));
        dongmen.Satisfaction.ShouldBe(new Rate(1, 1));
        var ximen = lines.Single(l => l.TownshipId == Ximen);
        (ximen.Received, ximen.Closed, ximen.OpenAtEnd).ShouldBe((1, 0, 1));
        ximen.Satisfaction.Value.ShouldBeNull();
    }

    [Fact]
    public void Trend_PicksItsBucketByLength_AndFillsEmptyBuckets()
    {
        var cst = WorkingCalendar.ChinaStandardTime;
        var first = new DateTimeOffset(2026, 11, 16, 0, 0, 0, cst);
        CaseFact[] cases = [Case(first.AddHours(23.5)), Case(first.AddDays(2).AddHours(1), closed: first.AddDays(2).AddHours(5))];

        var days = ReportCalculator.Trend(cases, new Period(first, first.AddDays(3)), Bucket.Day, cst);

        days.ShouldBe([new TrendPoint(new DateOnly(2026, 11, 16), 1, 0), new TrendPoint(new DateOnly(2026, 11, 17), 0, 0), new TrendPoint(new DateOnly(2026, 11, 18), 1, 1)]);
        ReportCalculator.BucketFor(new Period(first, first.AddDays(31))).ShouldBe(Bucket.Day);
        ReportCalculator.BucketFor(new Period(first, first.AddDays(91))).ShouldBe(Bucket.Week);
        var year = new Period(new DateTimeOffset(2026, 1, 1, 0, 0, 0, cst), new DateTimeOffset(2027, 1, 1, 0, 0, 0, cst));
        ReportCalculator.BucketFor(year).ShouldBe(Bucket.Month);
        ReportCalculator.Trend(cases, year, Bucket.Month, cst).Select(p => p.Start.Month).ShouldBe(Enumerable.Range(1, 12));
        ReportCalculator.Trend(cases, new Period(first.AddDays(2), first.AddDays(16)), Bucket.Week, cst).Select(p => p.Start)
            .ShouldBe([new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 30)]);
    }

    internal static SummonsFact Summons(Guid department, DateTimeOffset at, int? ackAfter, int? onSiteAfter, TimeSpan? reportAfter) => new(
        department, SummonsState.Reported, at,
        at.AddMinutes(10), ackAfter is { } a ? at.AddMinutes(a) : null,
        at.AddMinutes(60), onSiteAfter is { } o ? at.AddMinutes(o) : null,
        at.AddDays(3), reportAfter is { } r ? at + r : null,
        null);

    internal static CaseFact Case(
        DateTimeOffset received,
        CaseCategory category = CaseCategory.Other,
        Guid? department = null,
        Guid? township = null,
        Guid? village = null,
        DateTimeOffset? due = null,
        DateTimeOffset? result = null,
        DateTimeOffset? closed = null) =>
        new(category, received, received.AddMinutes(30), received.AddHours(1), due, closed, closed is null ? null : Dispatch.Domain.Organization.CenterLevel.County)
        {
            Id = Guid.NewGuid(),
            Status = closed is null ? CaseStatus.Handling : CaseStatus.Closed,
            DepartmentId = department,
            TownshipId = township,
            VillageId = village,
            ResultAt = result,
        };
}
