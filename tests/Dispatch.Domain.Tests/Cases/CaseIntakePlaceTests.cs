using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;

namespace Dispatch.Domain.Tests.Cases;

public class CaseIntakePlaceTests
{
    private static readonly Center County = Center.CreateCounty(Guid.NewGuid(), "GZ", "甘州区综治中心");
    private static readonly Center Daman = Center.CreateUnder(Guid.NewGuid(), "DM", "大满镇综治中心", County);
    private static readonly Center Shajing = Center.CreateUnder(Guid.NewGuid(), "SJ", "沙井镇综治中心", County);
    private static readonly Center Xinxin = Center.CreateUnder(Guid.NewGuid(), "XX", "新新村综治中心", Daman);
    private static readonly Center DamanVillage = Center.CreateUnder(Guid.NewGuid(), "DMC", "大满村综治中心", Daman);
    private static readonly Center ShajingVillage = Center.CreateUnder(Guid.NewGuid(), "SJC", "沙井村综治中心", Shajing);

    [Fact]
    public void TheCounty_FilesAnywhere()
    {
        var problems = new FieldProblems();
        CaseIntake.PlaceWithin(County, Shajing, ShajingVillage, problems).ShouldBe((Shajing.Id, ShajingVillage.Id));
        problems.Any.ShouldBeFalse();
    }

    [Fact]
    public void ATownship_FilesInItselfAndItsVillages_AndItsOwnAreaWhenNoPlaceIsGiven()
    {
        var problems = new FieldProblems();
        CaseIntake.PlaceWithin(Daman, Daman, Xinxin, problems).ShouldBe((Daman.Id, Xinxin.Id));
        CaseIntake.PlaceWithin(Daman, null, null, problems).ShouldBe((Daman.Id, (Guid?)null));
        problems.Any.ShouldBeFalse();
    }

    [Fact]
    public void ATownship_CannotFileInASiblingsArea()
    {
        var problems = new FieldProblems();
        CaseIntake.PlaceWithin(Daman, Shajing, ShajingVillage, problems);
        var found = problems.ToDictionary();
        found["township"].Single().ShouldStartWith("「沙井镇综治中心」不在大满镇综治中心辖区内");
        found["village"].Single().ShouldBe("「沙井村综治中心」不在大满镇综治中心辖区内，请选择本辖区的村（社区）。");
    }

    [Fact]
    public void AVillage_FilesOnlyInItself()
    {
        var fine = new FieldProblems();
        CaseIntake.PlaceWithin(Xinxin, null, null, fine).ShouldBe((Daman.Id, Xinxin.Id));
        fine.Any.ShouldBeFalse();

        var problems = new FieldProblems();
        CaseIntake.PlaceWithin(Xinxin, Daman, DamanVillage, problems);
        problems.ToDictionary()["village"].Single().ShouldBe("「大满村综治中心」不是本村（社区），新新村综治中心只能登记本村（社区）的事项。");
        problems.Has("township").ShouldBeFalse();
    }
}
