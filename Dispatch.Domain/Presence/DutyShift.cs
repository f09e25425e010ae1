using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;

namespace Dispatch.Domain.Presence;

/// <summary>
/// One stretch on duty (上岗 → 离岗) of a department staff member. The database keeps the
/// shifts, so "who is on duty" survives a restart or a Redis outage; presence (is their
/// terminal open right now) is the part that lives in Redis.
/// </summary>
public sealed class DutyShift : AggregateRoot
{
    private DutyShift()
    {
        StaffName = string.Empty;
    }

    public Guid StaffId { get; private set; }

    public Guid DepartmentId { get; private set; }

    public string StaffName { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public bool IsOpen => EndedAt is null;

    /// <summary>Goes on duty. <paramref name="open"/> is the staff member's shift still open, if any.</summary>
    public static DutyShift Start(Guid id, Staff staff, DutyShift? open, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(staff);
        if (staff.Role != StaffRole.DepartmentStaff || staff.DepartmentId is not { } departmentId)
        {
            throw new DomainException("只有部门工作人员需要上岗签到。");
        }

        if (open is { IsOpen: true })
        {
            throw new DomainException($"{staff.DisplayName}已于 {Labels.Time(open.StartedAt)} 上岗，无需重复上岗。");
        }

        var shift = new DutyShift
        {
            Id = id,
            StaffId = staff.Id,
            DepartmentId = departmentId,
            StaffName = staff.DisplayName,
            StartedAt = Guard.Utc(now),
        };
        shift.Raise(new DutyChanged(staff.Id, departmentId, staff.DisplayName, true, now));
        return shift;
    }

    public void End(DateTimeOffset now)
    {
        if (!IsOpen)
        {
            throw new DomainException($"{StaffName}已于 {Labels.Time(EndedAt!.Value)} 离岗。");
        }

        EndedAt = Guard.Utc(now < StartedAt ? StartedAt : now);
        Raise(new DutyChanged(StaffId, DepartmentId, StaffName, false, now));
    }
}

public sealed record DutyChanged(Guid StaffId, Guid DepartmentId, string StaffName, bool OnDuty, DateTimeOffset OccurredAt) : IDomainEvent;
