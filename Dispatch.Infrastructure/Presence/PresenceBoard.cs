using Dispatch.Domain.Organization;
using Dispatch.Domain.Presence;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Presence;

/// <summary>The duty board at one moment; <see cref="Known"/> is false while presence cannot be read.</summary>
public sealed record DutyBoardView(IReadOnlyList<DepartmentDuty> Departments, bool Known, DateTimeOffset ReadAt)
{
    public DepartmentDuty? For(Guid departmentId) => Departments.FirstOrDefault(d => d.DepartmentId == departmentId);
}

/// <summary>A department's roster for a day, with everyone who could be on it.</summary>
public sealed record RosterDay(Guid DepartmentId, string DepartmentName, IReadOnlyList<DutyPerson> Members, IReadOnlyList<Guid> Scheduled);

/// <summary>
/// Reads the duty board: departments, shifts and today's roster from the database, presence
/// from the store. A store outage gives an "unknown" board, never an empty one.
/// </summary>
public sealed class PresenceBoard(IPresenceStore store, IDbContextFactory<DispatchDbContext> contexts, TimeProvider clock, ILogger<PresenceBoard> logger)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(WorkingCalendar.ChinaStandardTime).Date);

    public Task<DutyBoardView> ReadAsync(Guid? onlyDepartment = null, CancellationToken cancellationToken = default) =>
        ReadAsync(onlyDepartment is { } id ? [id] : null, cancellationToken);

    /// <summary>The board for these departments (all when null).</summary>
    public async Task<DutyBoardView> ReadAsync(IReadOnlyCollection<Guid>? onlyDepartments, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking()
            .Where(d => onlyDepartments == null || onlyDepartments.Contains(d.Id))
            .OrderBy(d => d.Name)
            .Select(d => new { d.Id, d.ShortName })
            .ToListAsync(cancellationToken);
        var ids = departments.Select(d => d.Id).ToList();
        var staff = await db.Staff.AsNoTracking()
            .Where(s => s.Role == StaffRole.DepartmentStaff && s.DepartmentId != null && ids.Contains(s.DepartmentId!.Value))
            .Select(s => new { s.Id, DepartmentId = s.DepartmentId!.Value, s.DisplayName })
            .ToListAsync(cancellationToken);
        var onDuty = await db.DutyShifts.AsNoTracking().Where(s => s.EndedAt == null && ids.Contains(s.DepartmentId)).Select(s => s.StaffId).ToListAsync(cancellationToken);
        var today = Today;
        var roster = await db.Roster.AsNoTracking().Where(r => r.Day == today && ids.Contains(r.DepartmentId)).ToListAsync(cancellationToken);

        var presence = PresenceReading.Unknown;
        try
        {
            presence = new PresenceReading(await store.ReadAsync(ids, cancellationToken));
        }
        catch (PresenceUnavailableException ex)
        {
            logger.LogDebug("Presence unknown: {Error}", ex.Message);
        }

        var board = DutyBoard.Compose(
            [.. departments.Select(d => (d.Id, d.ShortName))],
            staff.ToDictionary(s => s.Id, s => (s.DepartmentId, PersonName(s.DisplayName))),
            presence,
            onDuty,
            roster);
        return new DutyBoardView(board, presence.Known, clock.GetUtcNow());
    }

    /// <summary>Of these departments, those known to have nobody present right now (empty when presence is unknown).</summary>
    public async Task<IReadOnlySet<Guid>> NobodyPresentAsync(IReadOnlyCollection<Guid> departmentIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(departmentIds);
        var board = await ReadAsync(departmentIds, cancellationToken);
        return board.Departments.Where(d => d.NobodyPresent).Select(d => d.DepartmentId).ToHashSet();
    }

    /// <summary>A name as the board shows it: the department is already on the row, so "李军（住建局）" reads "李军".</summary>
    public static string PersonName(string displayName)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        var bracket = displayName.IndexOf('（', StringComparison.Ordinal);
        return bracket > 0 && displayName.EndsWith('）') ? displayName[..bracket] : displayName;
    }

    public async Task<IReadOnlyList<RosterDay>> RosterAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Name).Select(d => new { d.Id, d.ShortName }).ToListAsync(cancellationToken);
        var staff = await db.Staff.AsNoTracking().Where(s => s.Role == StaffRole.DepartmentStaff && s.DepartmentId != null)
            .OrderBy(s => s.UserName).Select(s => new { s.Id, s.DepartmentId, s.DisplayName }).ToListAsync(cancellationToken);
        var roster = await db.Roster.AsNoTracking().Where(r => r.Day == day).ToListAsync(cancellationToken);
        return [.. departments.Select(d => new RosterDay(
            d.Id,
            d.ShortName,
            [.. staff.Where(s => s.DepartmentId == d.Id).Select(s => new DutyPerson(s.Id, PersonName(s.DisplayName)))],
            [.. roster.Where(r => r.DepartmentId == d.Id).Select(r => r.StaffId)]))];
    }
}
