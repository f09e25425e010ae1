using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using static Dispatch.Domain.Tests.Builders;

namespace Dispatch.Domain.Tests.Cases;

/// <summary>抓三级定三责: a village mediates up to 3 times, a township up to 2, the county is final.</summary>
public class TieredHandlingTests
{
    private static readonly CenterRef Township = new(Guid.NewGuid(), CenterLevel.Township, "大满镇综治中心");
    private static readonly CenterRef County = new(Guid.NewGuid(), CenterLevel.County, "甘州区综治中心");

    private static Case VillageCaseInHandling()
    {
        var @case = NewCase(Monday9);
        @case.Route(Guid.NewGuid(), CenterLevel.Village, null, "新新村综治中心", Director, Monday9);
        @case.Assess(RiskLevel.Medium, null, Director, Monday9);
        @case.StartHandling(Monday9.AddDays(5), null, Director, Monday9);
        return @case;
    }

    [Fact]
    public void Three_failed_village_mediations_move_the_case_to_the_township_by_itself()
    {
        var @case = VillageCaseInHandling();

        @case.RecordMediation(false, "双方分歧较大", Township, Director, Monday9.AddHours(1)).ShouldBeFalse();
        @case.RecordMediation(false, "一方拒绝到场", Township, Director, Monday9.AddHours(2)).ShouldBeFalse();
        @case.CenterLevel.ShouldBe(CenterLevel.Village);
        @case.MediationAttempts.ShouldBe(2);

        @case.RecordMediation(false, "仍未达成一致", Township, Director, Monday9.AddHours(3)).ShouldBeTrue();

        @case.CenterLevel.ShouldBe(CenterLevel.Township);
        @case.CenterId.ShouldBe(Township.Id);
        @case.MediationAttempts.ShouldBe(0);
        @case.Status.ShouldBe(CaseStatus.Handling);
        var lines = @case.Timeline.Where(t => t.Action is "调解" or "升级").ToList();
        lines.Select(t => t.Note).ShouldBe([
            "村（社区）级第 1/3 次调解未成功：双方分歧较大",
            "村（社区）级第 2/3 次调解未成功：一方拒绝到场",
            "村（社区）级第 3/3 次调解未成功：仍未达成一致",
            "由村（社区）升至大满镇综治中心：村（社区）级调解 3 次未果，依规上移",
        ]);
        lines[^1].ActorName.ShouldBe(Actor.System.Name);
        @case.DomainEvents.OfType<CaseRaised>().Single().To.ShouldBe(CenterLevel.Township);
    }

    [Fact]
    public void A_township_has_two_attempts_then_the_county_is_final()
    {
        var @case = VillageCaseInHandling();
        for (var i = 0; i < 3; i++)
        {
            @case.RecordMediation(false, "未果", Township, Director, Monday9.AddHours(i + 1));
        }

        @case.RecordMediation(false, "未果", County, Director, Monday9.AddHours(5)).ShouldBeFalse();
        @case.RecordMediation(false, "未果", County, Director, Monday9.AddHours(6)).ShouldBeTrue();
        @case.CenterLevel.ShouldBe(CenterLevel.County);

        for (var i = 0; i < 5; i++)
        {
            @case.RecordMediation(false, "未果", null, Director, Monday9.AddHours(7 + i)).ShouldBeFalse();
        }

        @case.CenterLevel.ShouldBe(CenterLevel.County);
        @case.MediationAttempts.ShouldBe(5);
    }

    [Fact]
    public void A_successful_mediation_submits_the_result_for_follow_up()
    {
        var @case = VillageCaseInHandling();
        @case.RecordMediation(false, "未果", Township, Director, Monday9.AddHours(1));

        @case.RecordMediation(true, "双方签订调解协议", Township, Director, Monday9.AddHours(2)).ShouldBeFalse();

        @case.Status.ShouldBe(CaseStatus.FollowUp);
        @case.Result.ShouldBe("村（社区）级调解成功：双方签订调解协议");
        @case.CenterLevel.ShouldBe(CenterLevel.Village);
    }

    [Fact]
    public void Mediation_needs_handling_a_note_and_a_center_above_when_attempts_run_out()
    {
        Should.Throw<DomainException>(() => NewCase(Monday9).RecordMediation(false, "未果", Township, Director, Monday9))
            .Message.ShouldContain("开始处置后才能登记调解");
        Should.Throw<DomainException>(() => VillageCaseInHandling().RecordMediation(false, " ", Township, Director, Monday9))
            .Message.ShouldBe("请填写调解情况。");

        var @case = VillageCaseInHandling();
        @case.RecordMediation(false, "未果", null, Director, Monday9.AddHours(1));
        @case.RecordMediation(false, "未果", null, Director, Monday9.AddHours(2));
        var timeline = @case.Timeline.Count;
        Should.Throw<DomainException>(() => @case.RecordMediation(false, "未果", null, Director, Monday9.AddHours(3)))
            .Message.ShouldContain("找不到上一级中心");
        @case.MediationAttempts.ShouldBe(2);
        @case.Timeline.Count.ShouldBe(timeline);
    }
}
