namespace Dispatch.Domain.Common;

/// <summary>Who did something: a staff member, or the system itself (timed escalation, tier moves).</summary>
public sealed record Actor(Guid? Id, string Name)
{
    public static readonly Actor System = new(null, "系统");
}
