using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using static Dispatch.Domain.Tests.Builders;

namespace Dispatch.Domain.Tests.Cases;

public class DuplicateTests
{
    private static readonly Guid Village = Guid.NewGuid();

    private static DuplicateCandidate Earlier(DateTimeOffset receivedAt, CaseCategory category = CaseCategory.Heating, Guid? village = null, params Party[] parties) =>
        new(Guid.NewGuid(), "GZ-2026-000001-X", category, null, village ?? Village, null, receivedAt, true, parties.Length == 0 ? [Party.Create("王某华", "13909361234")] : parties);

    private static CaseIntake NewIntake(params Party[] parties) =>
        Intake(Monday9) with { VillageId = Village, Parties = parties.Length == 0 ? [Party.Create("王某华", "13909361234")] : parties };

    [Fact]
    public void Same_person_category_and_place_within_the_window_is_a_duplicate()
    {
        var rule = new DuplicateRule(TimeSpan.FromDays(30));

        rule.IsDuplicate(NewIntake(), Earlier(Monday9.AddDays(-29))).ShouldBeTrue();
        rule.IsDuplicate(NewIntake(Party.Create("王华", "13909361234")), Earlier(Monday9.AddDays(-1))).ShouldBeTrue("same phone, name typed differently");
    }

    [Theory]
    [InlineData("outside the window")]
    [InlineData("another category")]
    [InlineData("another village")]
    [InlineData("another person")]
    public void Anything_different_is_not_a_duplicate(string difference)
    {
        var rule = new DuplicateRule(TimeSpan.FromDays(30));
        var earlier = difference switch
        {
            "outside the window" => Earlier(Monday9.AddDays(-31)),
            "another category" => Earlier(Monday9.AddDays(-1), CaseCategory.WageArrears),
            "another village" => Earlier(Monday9.AddDays(-1), village: Guid.NewGuid()),
            _ => Earlier(Monday9.AddDays(-1), parties: Party.Create("李某", "13800001111")),
        };

        rule.IsDuplicate(NewIntake(), earlier).ShouldBeFalse();
    }

    [Fact]
    public void Find_lists_open_cases_first_then_the_newest()
    {
        var rule = DuplicateRule.Default;
        var closedRecent = Earlier(Monday9.AddDays(-1)) with { IsOpen = false, Code = "closed" };
        var openOld = Earlier(Monday9.AddDays(-20)) with { Code = "open-old" };
        var openNew = Earlier(Monday9.AddDays(-2)) with { Code = "open-new" };

        rule.Find(NewIntake(), [closedRecent, openOld, openNew]).Select(c => c.Code).ShouldBe(["open-new", "open-old", "closed"]);
    }

    [Fact]
    public void Merge_adds_new_parties_once_and_puts_the_petition_on_the_timeline()
    {
        var @case = NewCase(Monday9);
        var repeat = Intake(Monday9.AddDays(2)) with
        {
            Channel = Channel.WalkIn,
            Description = "再次反映暖气不热",
            Parties = [Party.Create("王某华", "13909361234"), Party.Create("王某华之妻", "13909365678")],
        };

        @case.Merge(repeat, Clerk, Monday9.AddDays(2));

        @case.MergedCount.ShouldBe(1);
        @case.Parties.Select(p => p.Name).ShouldBe(["王某华", "王某华之妻"]);
        @case.Timeline[^1].Action.ShouldBe("合并来件");
        @case.Timeline[^1].Note.ShouldBe("来访｜王某华、王某华之妻：再次反映暖气不热");
    }

    [Fact]
    public void A_closed_case_takes_no_merge()
    {
        var @case = NewCase(Monday9);
        @case.Reject("不属于受理范围", Clerk, Monday9);

        Should.Throw<DomainException>(() => @case.Merge(Intake(Monday9), Clerk, Monday9)).Message.ShouldContain("请新建案件");
    }
}
