using Dispatch.Domain.Cases;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using static Dispatch.Domain.Tests.Builders;

namespace Dispatch.Domain.Tests.Kpis;

public class KpiCalculatorTests
{
    private static readonly Period Week = new(Monday9, Monday9.AddDays(7));

    [Fact]
    public void OnSiteResolution_MatchesTheGanzhouFigure()
    {
        // Ganzhou 2018: 270 joint on-site mediations, 153 resolved on site → 56.7 %.
        var whistles = Enumerable.Range(0, 270)
            .Select(i => new WhistleFact(Monday9.AddHours(1), i < 153 ? WhistleOutcome.ResolvedOnSite : WhistleOutcome.JointMediation, true))
            .Append(new WhistleFact(Monday9.AddHours(1), WhistleOutcome.Other, HandledJointlyOnSite: false))
            .Append(new WhistleFact(Monday9.AddDays(8), WhistleOutcome.ResolvedOnSite, true))
            .Append(new WhistleFact(null, null, true));

        var rate = KpiCalculator.OnSiteResolution(whistles, Week);

        rate.ShouldBe(new Rate(153, 270));
        rate.Value!.Value.ShouldBe(0.5667, 0.0001);
    }

    [Fact]
    public void TimelyAcceptance_CountsDecisionsWithinTheLimit_ForCasesReceivedInThePeriod()
    {
        CaseFact[] cases =
        [
            Fact(received: Monday9, accepted: Monday9.AddHours(2), acceptanceDue: Monday9.AddDays(1)),
            Fact(received: Monday9, accepted: Monday9.AddDays(2), acceptanceDue: Monday9.AddDays(1)),
            Fact(received: Monday9.AddDays(-1), accepted: Monday9, acceptanceDue: Monday9.AddDays(1)),
        ];

        KpiCalculator.TimelyAcceptance(cases, Week).ShouldBe(new Rate(1, 2));
    }

    [Fact]
    public void OnTimeCompletion_CountsOnlyCasesAlreadyDue()
    {
        var now = Monday9.AddDays(3);
        CaseFact[] cases =
        [
            Fact(due: Monday9.AddDays(1), closed: Monday9.AddHours(20)),
            Fact(due: Monday9.AddDays(1), closed: Monday9.AddDays(2)),
            Fact(due: Monday9.AddDays(2), closed: null),
            Fact(due: Monday9.AddDays(5), closed: null),
            Fact(due: null, closed: null),
        ];

        KpiCalculator.OnTimeCompletion(cases, Week, now).ShouldBe(new Rate(1, 3));
    }

    [Fact]
    public void Satisfaction_CountsSatisfiedAndBasicallySatisfied()
    {
        FollowUpFact[] followUps =
        [
            new(Monday9, Satisfaction.Satisfied),
            new(Monday9, Satisfaction.BasicallySatisfied),
            new(Monday9, Satisfaction.Dissatisfied),
            new(Monday9.AddDays(9), Satisfaction.Dissatisfied),
        ];

        KpiCalculator.SatisfactionRate(followUps, Week).ShouldBe(new Rate(2, 3));
    }

    [Fact]
    public void EmptyPeriod_HasNoValue_RatherThanZero() =>
        KpiCalculator.SatisfactionRate([], Week).Value.ShouldBeNull();

    [Fact]
    public void AcknowledgementTimes_MedianAndP90PerDepartment()
    {
        var housing = Guid.NewGuid();
        var labour = Guid.NewGuid();
        var facts = new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }
            .Select(m => new AcknowledgementFact(housing, Monday9, Monday9.AddMinutes(m)))
            .Append(new AcknowledgementFact(labour, Monday9, Monday9.AddMinutes(20)))
            .Append(new AcknowledgementFact(labour, Monday9, null))
            .Append(new AcknowledgementFact(labour, Monday9.AddDays(-2), Monday9.AddDays(-2).AddMinutes(1)));

        var times = KpiCalculator.AcknowledgementTimes(facts, Week);

        times.Count.ShouldBe(2);
        times[0].ShouldBe(new AcknowledgementTime(housing, 10, TimeSpan.FromMinutes(5.5), TimeSpan.FromMinutes(9)));
        times[1].ShouldBe(new AcknowledgementTime(labour, 1, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20)));
    }

    [Fact]
    public void LevelDistribution_MatchesTheXiangxiShares()
    {
        // Xiangxi 2024: 75 % at village/township, 23 % county; here 40 village, 35 township, 25 county.
        var cases = Enumerable.Range(0, 100).Select(i => Fact(
            closed: Monday9.AddHours(1),
            level: i < 40 ? CenterLevel.Village : i < 75 ? CenterLevel.Township : CenterLevel.County));

        var shares = KpiCalculator.LevelDistribution(cases, Week);

        shares.Select(s => (s.Level, s.Count)).ShouldBe([(CenterLevel.Village, 40), (CenterLevel.Township, 35), (CenterLevel.County, 25)]);
        shares.Sum(s => s.Share).ShouldBe(1.0, 1e-9);
    }

    [Fact]
    public void TopCategories_ComparesWithThePreviousPeriod()
    {
        var cases = Enumerable.Repeat(Fact(received: Monday9, category: CaseCategory.Heating), 8)
            .Concat(Enumerable.Repeat(Fact(received: Monday9.AddDays(-3), category: CaseCategory.Heating), 4))
            .Concat(Enumerable.Repeat(Fact(received: Monday9, category: CaseCategory.WageArrears), 3))
            .Concat(Enumerable.Repeat(Fact(received: Monday9.AddDays(-3), category: CaseCategory.WageArrears), 6))
            .Concat(Enumerable.Repeat(Fact(received: Monday9, category: CaseCategory.PropertyManagement), 3));

        var top = KpiCalculator.TopCategories(cases, Week, top: 2);

        top.Count.ShouldBe(2);
        top[0].ShouldSatisfyAllConditions(t => t.Category.ShouldBe(CaseCategory.Heating), t => t.Change.ShouldBe(1.0), t => t.Rising.ShouldBeTrue());
        top[1].Count.ShouldBe(3);
    }

    [Fact]
    public void AcknowledgementTimeOverall_PoolsEveryDepartment()
    {
        var housing = Guid.NewGuid();
        var labour = Guid.NewGuid();
        AcknowledgementFact[] facts =
        [
            new(housing, Monday9, Monday9.AddMinutes(2)),
            new(housing, Monday9, Monday9.AddMinutes(4)),
            new(labour, Monday9, Monday9.AddMinutes(30)),
            new(labour, Monday9, null),
        ];

        var overall = KpiCalculator.AcknowledgementTimeOverall(facts, Week)!;

        overall.Count.ShouldBe(3);
        overall.Median.ShouldBe(TimeSpan.FromMinutes(4));
        overall.Percentile90.ShouldBe(TimeSpan.FromMinutes(30));
        KpiCalculator.AcknowledgementTimeOverall([], Week).ShouldBeNull();
    }

    [Fact]
    public void DailyTrend_CountsReceivedAndClosedPerLocalDay_WithEveryDayPresent()
    {
        var china = TimeSpan.FromHours(8);
        CaseFact[] cases =
        [
            Fact(received: Monday9),
            Fact(received: Monday9.AddHours(14).AddMinutes(30), closed: Monday9.AddHours(15)), // 23:30 and 00:00 local: two days
            Fact(received: Monday9.AddDays(-3), closed: Monday9.AddHours(2)),
            Fact(received: Monday9.AddDays(-40)),
        ];

        var trend = KpiCalculator.DailyTrend(cases, Monday9.AddDays(1), days: 5, china);

        trend.Select(d => d.Day).ShouldBe([new DateOnly(2026, 11, 13), new(2026, 11, 14), new(2026, 11, 15), new(2026, 11, 16), new(2026, 11, 17)]);
        trend.Select(d => d.Received).ShouldBe([1, 0, 0, 2, 0]);
        trend.Select(d => d.Closed).ShouldBe([0, 0, 0, 1, 1]);
    }

    [Theory]
    [InlineData(0.97, KpiStatus.Green)]
    [InlineData(0.95, KpiStatus.Green)]
    [InlineData(0.90, KpiStatus.Amber)]
    [InlineData(0.80, KpiStatus.Red)]
    public void Threshold_ForARate_HigherIsBetter(double value, KpiStatus expected) =>
        new KpiThreshold(0.95, Green: 0.95, Amber: 0.85, HigherIsBetter: true).Evaluate(value).ShouldBe(expected);

    [Theory]
    [InlineData(8, KpiStatus.Green)]
    [InlineData(15, KpiStatus.Amber)]
    [InlineData(25, KpiStatus.Red)]
    public void Threshold_ForATime_LowerIsBetter(double minutes, KpiStatus expected) =>
        new KpiThreshold(10, Green: 10, Amber: 20, HigherIsBetter: false).Evaluate(minutes).ShouldBe(expected);

    [Fact]
    public void Threshold_WithoutData_IsUnknown_AndThresholdsInTheWrongOrderAreCaught()
    {
        var rate = new KpiThreshold(0.95, 0.95, 0.85, HigherIsBetter: true);
        rate.Evaluate(null).ShouldBe(KpiStatus.Unknown);
        rate.MeetsTarget(null).ShouldBeNull();
        rate.MeetsTarget(0.96).ShouldBe(true);
        rate.IsOrdered.ShouldBeTrue();
        (rate with { Green = 0.8 }).IsOrdered.ShouldBeFalse();
        new KpiThreshold(10, 20, 10, HigherIsBetter: false).IsOrdered.ShouldBeFalse();
    }

    private static CaseFact Fact(
        DateTimeOffset? received = null,
        DateTimeOffset? accepted = null,
        DateTimeOffset? acceptanceDue = null,
        DateTimeOffset? due = null,
        DateTimeOffset? closed = null,
        CenterLevel? level = null,
        CaseCategory category = CaseCategory.Other) =>
        new(category, received ?? Monday9.AddDays(-30), accepted ?? Monday9.AddDays(-30), acceptanceDue ?? Monday9.AddDays(-29), due, closed, level ?? (closed is null ? null : CenterLevel.County));
}
