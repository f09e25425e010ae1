using Dispatch.Domain.Common;

namespace Dispatch.Domain.Organization;

/// <summary>A government department (职能部门) that a center can summon.</summary>
public sealed class Department
{
    private Department()
    {
        Name = string.Empty;
        ShortName = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>The short form used on terminals and the wall, e.g. 住建局.</summary>
    public string ShortName { get; private set; }

    public Guid CenterId { get; private set; }

    public string? HeadName { get; private set; }

    public string? HeadPhone { get; private set; }

    public static Department Create(Guid id, string name, string shortName, Guid centerId, string? headName = null, string? headPhone = null) => new()
    {
        Id = id,
        Name = Guard.Required(name, "部门名称", 60),
        ShortName = Guard.Required(shortName, "部门简称", 12),
        CenterId = centerId,
        HeadName = Guard.Optional(headName, "负责人姓名", 30),
        HeadPhone = Guard.Optional(headPhone, "负责人电话", 20),
    };
}
