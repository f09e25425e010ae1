using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;

namespace Dispatch.Domain.Tests.Organization;

public class OrganizationTests
{
    [Fact]
    public void Centers_NestCountyTownshipVillage()
    {
        var county = Center.CreateCounty(Guid.NewGuid(), "gz", "甘州区综治中心");
        var township = Center.CreateUnder(Guid.NewGuid(), "XJ", "西街街道综治中心", county);
        var village = Center.CreateUnder(Guid.NewGuid(), "BHL", "北环路社区综治中心", township);

        county.Code.ShouldBe("GZ");
        township.Level.ShouldBe(CenterLevel.Township);
        village.ParentId.ShouldBe(township.Id);
        Should.Throw<DomainException>(() => Center.CreateUnder(Guid.NewGuid(), "X", "下级", village)).Message.ShouldContain("其下不能再设中心");
    }

    [Fact]
    public void Center_CodeWithSymbols_Throws() =>
        Should.Throw<DomainException>(() => Center.CreateCounty(Guid.NewGuid(), "G-Z", "甘州区")).Message.ShouldContain("大写字母和数字");

    [Fact]
    public void DepartmentStaff_MustHaveADepartment() =>
        Should.Throw<DomainException>(() => Staff.Create(Guid.NewGuid(), "zj01", "王工", StaffRole.DepartmentStaff, Guid.NewGuid()))
            .Message.ShouldContain("必须指定所属部门");

    [Fact]
    public void OtherRoles_CannotHaveADepartment() =>
        Should.Throw<DomainException>(() => Staff.Create(Guid.NewGuid(), "director", "张主任", StaffRole.Director, Guid.NewGuid(), Guid.NewGuid()))
            .Message.ShouldContain("中心主任");

    [Fact]
    public void UserName_IsLowerCasedAndChecked()
    {
        Staff.Create(Guid.NewGuid(), "Director", "张主任", StaffRole.Director, Guid.NewGuid()).UserName.ShouldBe("director");
        Should.Throw<DomainException>(() => Staff.Create(Guid.NewGuid(), "张 主任", "张主任", StaffRole.Director, Guid.NewGuid()));
    }
}
