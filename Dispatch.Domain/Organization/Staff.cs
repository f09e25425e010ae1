using Dispatch.Domain.Common;

namespace Dispatch.Domain.Organization;

/// <summary>A person (or a wall device) with a role; department staff belong to one department.</summary>
public sealed class Staff
{
    private Staff()
    {
        UserName = string.Empty;
        DisplayName = string.Empty;
    }

    public Guid Id { get; private set; }

    public string UserName { get; private set; }

    public string DisplayName { get; private set; }

    public StaffRole Role { get; private set; }

    /// <summary>Set for department staff only: the one department whose work they see.</summary>
    public Guid? DepartmentId { get; private set; }

    /// <summary>The center the person works for (directors, dispatchers, leaders, walls).</summary>
    public Guid CenterId { get; private set; }

    public string? Phone { get; private set; }

    public static Staff Create(Guid id, string userName, string displayName, StaffRole role, Guid centerId, Guid? departmentId = null, string? phone = null)
    {
        if (role == StaffRole.DepartmentStaff && departmentId is null)
        {
            throw new DomainException($"部门工作人员「{displayName}」必须指定所属部门。");
        }

        if (role != StaffRole.DepartmentStaff && departmentId is not null)
        {
            throw new DomainException($"只有部门工作人员才能归属部门，「{displayName}」的角色是{Labels.Of(role)}。");
        }

        var login = Guard.Required(userName, "登录名", 40);
        if (!login.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new DomainException($"登录名「{userName}」只能包含字母、数字、点、横线和下划线。");
        }

        return new Staff
        {
            Id = id,
            UserName = login.ToLowerInvariant(),
            DisplayName = Guard.Required(displayName, "姓名", 30),
            Role = role,
            CenterId = centerId,
            DepartmentId = departmentId,
            Phone = Guard.Optional(phone, "电话", 20),
        };
    }
}
