using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;

namespace Dispatch.Domain.Presence;

/// <summary>One person scheduled on duty (值班) for a department on a day.</summary>
public sealed class RosterEntry
{
    private RosterEntry()
    {
    }

    public Guid Id { get; private set; }

    public DateOnly Day { get; private set; }

    public Guid DepartmentId { get; private set; }

    public Guid StaffId { get; private set; }

    public static RosterEntry Create(Guid id, DateOnly day, Guid departmentId, Guid staffId) =>
        new() { Id = id, Day = day, DepartmentId = departmentId, StaffId = staffId };
}

/// <summary>The rules for setting a department's roster for a day.</summary>
public static class DutyRoster
{
    /// <summary>How far ahead and back a roster may be edited.</summary>
    public const int EditableDays = 62;

    /// <summary>
    /// Checks the people to schedule: each must be staff of that department, none twice, and
    /// the day within reach. Throws a <see cref="DomainException"/> that says what to fix.
    /// </summary>
    public static IReadOnlyList<RosterEntry> Plan(Department department, DateOnly day, IReadOnlyCollection<Guid> staffIds, IReadOnlyCollection<Staff> departmentStaff, DateOnly today, Func<Guid>? newId = null)
    {
        ArgumentNullException.ThrowIfNull(department);
        ArgumentNullException.ThrowIfNull(staffIds);
        ArgumentNullException.ThrowIfNull(departmentStaff);
        if (Math.Abs(day.DayNumber - today.DayNumber) > EditableDays)
        {
            throw new DomainException($"只能编排前后 {EditableDays} 天内的值班，{day:yyyy-MM-dd} 超出范围。");
        }

        if (staffIds.Count != staffIds.Distinct().Count())
        {
            throw new DomainException("同一人在同一天只需排一次班。");
        }

        foreach (var id in staffIds)
        {
            var person = departmentStaff.FirstOrDefault(s => s.Id == id);
            if (person is null || person.DepartmentId != department.Id)
            {
                throw new DomainException($"所选人员不属于{department.ShortName}，请刷新后重新选择。");
            }
        }

        newId ??= Guid.CreateVersion7;
        return [.. staffIds.Select(id => RosterEntry.Create(newId(), day, department.Id, id))];
    }
}
