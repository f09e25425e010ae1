using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using static Dispatch.Domain.Tests.Builders;

namespace Dispatch.Domain.Tests.Organization;

public class PermissionsTests
{
    [Theory]
    [InlineData(StaffRole.Director)]
    [InlineData(StaffRole.Dispatcher)]
    public void CommandStaff_MayCommand(StaffRole role) =>
        Should.NotThrow(() => Permissions.EnsureCanCommand(new Operator(Guid.NewGuid(), "张主任", role, null)));

    [Theory]
    [InlineData(StaffRole.DepartmentStaff)]
    [InlineData(StaffRole.Leader)]
    [InlineData(StaffRole.WallDisplay)]
    [InlineData(StaffRole.Admin)]
    public void OtherRoles_MayNotCommand(StaffRole role) =>
        Should.Throw<AccessDeniedException>(() => Permissions.EnsureCanCommand(new Operator(Guid.NewGuid(), "某人", role, role == StaffRole.DepartmentStaff ? Housing.Id : null)))
            .Message.ShouldContain("仅限中心主任和调度员");

    [Fact]
    public void DepartmentStaff_MayAnswerTheirOwnSummonsOnly()
    {
        var whistle = Blow(CaseInHandling(Monday9), Monday9, null, null, Housing, Labour);
        var housingStaff = new Operator(Guid.NewGuid(), "王工", StaffRole.DepartmentStaff, Housing.Id);

        Should.NotThrow(() => Permissions.EnsureCanAnswer(housingStaff, whistle.Summonses[0]));
        Should.Throw<AccessDeniedException>(() => Permissions.EnsureCanAnswer(housingStaff, whistle.Summonses[1]))
            .Message.ShouldBe("这是人社局的召集，您所在的部门无权处理。");
    }

    [Fact]
    public void TheDirector_CannotAnswerForADepartment()
    {
        var whistle = Blow(CaseInHandling(Monday9), Monday9);

        Should.Throw<AccessDeniedException>(() => Permissions.EnsureCanAnswer(new Operator(Guid.NewGuid(), "张主任", StaffRole.Director, null), whistle.Summonses[0]));
    }
}
