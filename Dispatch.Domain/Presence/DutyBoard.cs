namespace Dispatch.Domain.Presence;

/// <summary>A person on the board.</summary>
public sealed record DutyPerson(Guid StaffId, string Name);

/// <summary>
/// One department's duty picture: who is on duty (from the database, always known), who is present now (on duty with a live terminal), who is
/// on duty but whose terminal is gone, who is scheduled today and who of them is absent.
/// When presence is unknown (Redis unreachable), <see cref="Known"/> is false and nobody is
/// counted absent: "unknown" must never read as "nobody".
/// </summary>
public sealed record DepartmentDuty(
    Guid DepartmentId,
    string DepartmentName,
    bool Known,
    IReadOnlyList<DutyPerson> OnDuty,
    IReadOnlyList<DutyPerson> Present,
    IReadOnlyList<DutyPerson> OnDutyOffline,
    IReadOnlyList<DutyPerson> Scheduled,
    IReadOnlyList<DutyPerson> AbsentAgainstRoster)
{
    /// <summary>Known to have nobody present: the one state that may warn or escalate.</summary>
    public bool NobodyPresent => Known && Present.Count == 0;
}

/// <summary>Who is present, by department, as the presence store last knew it; null means unknown.</summary>
public sealed record PresenceReading(IReadOnlyDictionary<Guid, IReadOnlySet<Guid>>? PresentByDepartment)
{
    public static PresenceReading Unknown { get; } = new((IReadOnlyDictionary<Guid, IReadOnlySet<Guid>>?)null);

    public bool Known => PresentByDepartment is not null;
}

public static class DutyBoard
{
    /// <summary>
    /// Composes the board. <paramref name="staff"/> maps each department staff id to (department, name);
    /// a present id that is not a member of that department (a stale or forged entry) is ignored.
    /// </summary>
    public static IReadOnlyList<DepartmentDuty> Compose(
        IReadOnlyList<(Guid Id, string Name)> departments,
        IReadOnlyDictionary<Guid, (Guid DepartmentId, string Name)> staff,
        PresenceReading presence,
        IReadOnlyCollection<Guid> onDuty,
        IReadOnlyCollection<RosterEntry> rosterToday)
    {
        ArgumentNullException.ThrowIfNull(departments);
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(presence);
        ArgumentNullException.ThrowIfNull(onDuty);
        ArgumentNullException.ThrowIfNull(rosterToday);
        var onDutySet = onDuty.ToHashSet();
        return [.. departments.Select(department =>
        {
            DutyPerson Person(Guid id) => new(id, staff[id].Name);
            bool Member(Guid id) => staff.TryGetValue(id, out var s) && s.DepartmentId == department.Id;

            var dutyList = onDutySet.Where(Member).Select(Person).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            var scheduled = rosterToday.Where(r => r.DepartmentId == department.Id && Member(r.StaffId))
                .Select(r => r.StaffId).Distinct().Select(Person).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            if (presence.PresentByDepartment is not { } byDepartment)
            {
                return new DepartmentDuty(department.Id, department.Name, false, dutyList, [], [], scheduled, []);
            }

            var presentIds = byDepartment.TryGetValue(department.Id, out var ids)
                ? ids.Where(id => Member(id) && onDutySet.Contains(id)).ToHashSet()
                : [];
            var present = presentIds.Select(Person).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            var offline = dutyList.Where(p => !presentIds.Contains(p.StaffId)).ToList();
            var absent = scheduled.Where(p => !presentIds.Contains(p.StaffId)).ToList();
            return new DepartmentDuty(department.Id, department.Name, true, dutyList, present, offline, scheduled, absent);
        })];
    }
}
