using Dispatch.Domain.Common;

namespace Dispatch.Domain.Organization;

/// <summary>A governance center (综治中心) at the county, township or village level.</summary>
public sealed class Center
{
    private Center()
    {
        Code = string.Empty;
        Name = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>Short upper-case code used as the prefix of the case codes it issues.</summary>
    public string Code { get; private set; }

    public string Name { get; private set; }

    public CenterLevel Level { get; private set; }

    public Guid? ParentId { get; private set; }

    /// <summary>
    /// The township's whistle policy: whether its 吹哨 may summon the county's departments as
    /// well as its own 站所. Always false for the county (nothing above) and villages (no whistle).
    /// </summary>
    public bool SummonsParentDepartments { get; private set; }

    /// <summary>Sets the whistle policy of a township center.</summary>
    public void AllowSummoningParentDepartments(bool allowed)
    {
        if (allowed && Level != CenterLevel.Township)
        {
            throw new DomainException($"只有乡镇（街道）中心的吹哨可以召集区直部门，「{Name}」是{Labels.Of(Level)}中心。");
        }

        SummonsParentDepartments = allowed;
    }

    public static Center CreateCounty(Guid id, string code, string name) => new()
    {
        Id = id,
        Code = ValidCode(code),
        Name = Guard.Required(name, "中心名称", 60),
        Level = CenterLevel.County,
    };

    public static Center CreateUnder(Guid id, string code, string name, Center parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var level = parent.Level switch
        {
            CenterLevel.County => CenterLevel.Township,
            CenterLevel.Township => CenterLevel.Village,
            _ => throw new DomainException($"「{parent.Name}」是村（社区）级中心，其下不能再设中心。"),
        };
        return new Center
        {
            Id = id,
            Code = ValidCode(code),
            Name = Guard.Required(name, "中心名称", 60),
            Level = level,
            ParentId = parent.Id,
        };
    }

    private static string ValidCode(string code)
    {
        var value = Guard.Required(code, "中心代码", 8).ToUpperInvariant();
        if (!value.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9'))
        {
            throw new DomainException($"中心代码「{code}」只能由大写字母和数字组成。");
        }

        return value;
    }
}
