using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using static Dispatch.Domain.Tests.Builders;

namespace Dispatch.Domain.Tests.Organization;

/// <summary>三级综治中心: a center's staff reach their own center and those below it, nothing beside or above.</summary>
public class CenterScopeTests
{
    private static readonly CenterNode County = new(Guid.NewGuid(), null, CenterLevel.County, "甘州区综治中心", "GZ");
    private static readonly CenterNode Daman = new(Guid.NewGuid(), County.Id, CenterLevel.Township, "大满镇综治中心", "DM");
    private static readonly CenterNode Xinxin = new(Guid.NewGuid(), Daman.Id, CenterLevel.Village, "新新村综治中心", "XX");
    private static readonly CenterNode Shajing = new(Guid.NewGuid(), County.Id, CenterLevel.Township, "沙井镇综治中心", "SJ");
    private static readonly CenterNode Bamiao = new(Guid.NewGuid(), Shajing.Id, CenterLevel.Village, "坝庙村综治中心", "BM");
    private static readonly CenterNode[] All = [County, Daman, Xinxin, Shajing, Bamiao];

    [Fact]
    public void ATownship_ReachesItselfAndItsVillages_NotASiblingNorTheCounty()
    {
        var scope = CenterScope.Of(Daman.Id, All)!;

        scope.Centers.ShouldBe([Daman.Id, Xinxin.Id], ignoreOrder: true);
        scope.Covers(Shajing.Id).ShouldBeFalse();
        scope.Covers(Bamiao.Id).ShouldBeFalse();
        scope.Covers(County.Id).ShouldBeFalse();
        scope.IsCounty.ShouldBeFalse();
    }

    [Fact]
    public void TheCounty_ReachesEveryCenter_AVillageOnlyItself()
    {
        CenterScope.Of(County.Id, All)!.Centers.Count.ShouldBe(All.Length);
        CenterScope.Of(Xinxin.Id, All)!.Centers.ShouldBe([Xinxin.Id]);
        CenterScope.Of(Guid.NewGuid(), All).ShouldBeNull();
    }

    [Fact]
    public void ACaseOutsideTheScope_IsRefused_DepartmentStaffAreBoundByTheirDepartmentInstead()
    {
        var @case = Case.Register(Guid.NewGuid(), CaseCode.Create("SJ", 2026, 7), Shajing.Id, Intake(Monday9) with { CenterLevel = CenterLevel.Township }, Clerk, Monday9);
        var damanDirector = new Operator(Guid.NewGuid(), "大满镇主任", StaffRole.Director, null) { CenterId = Daman.Id };

        Should.Throw<AccessDeniedException>(() => Permissions.EnsureInScope(damanDirector, @case, CenterScope.Of(Daman.Id, All)))
            .Message.ShouldBe($"案件 {@case.Code} 不归大满镇综治中心办理，您无权查看或处理。");
        Should.NotThrow(() => Permissions.EnsureInScope(damanDirector with { CenterId = Shajing.Id }, @case, CenterScope.Of(Shajing.Id, All)));
        Should.NotThrow(() => Permissions.EnsureInScope(damanDirector, @case, CenterScope.Of(County.Id, All)));
        Should.NotThrow(() => Permissions.EnsureInScope(new Operator(Guid.NewGuid(), "王工", StaffRole.DepartmentStaff, Guid.NewGuid()), @case, CenterScope.Of(Daman.Id, All)));
    }

    [Fact]
    public void Routing_StaysWithinTheScope_OrGoesUpToTheParent()
    {
        var scope = CenterScope.Of(Daman.Id, All);

        Should.NotThrow(() => Permissions.EnsureCanRouteTo(scope, Xinxin.Id, Xinxin.Name));
        Should.NotThrow(() => Permissions.EnsureCanRouteTo(scope, County.Id, County.Name));
        Should.Throw<AccessDeniedException>(() => Permissions.EnsureCanRouteTo(scope, Bamiao.Id, Bamiao.Name)).Message.ShouldContain("不能分流到「坝庙村综治中心」");
        Should.NotThrow(() => Permissions.EnsureCanRouteTo(null, Bamiao.Id, Bamiao.Name));
    }
}
