using Dispatch.Domain.Common;
using Dispatch.Domain.Presence;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Presence;

/// <summary>上岗 / 离岗 for department staff, and the roster for the center; authorized here, on the server.</summary>
public sealed class DutyCommands(UnitOfWork unitOfWork, TimeProvider clock, Security.AuditTrail audit)
{
    public Task GoOnDutyAsync(Operator user, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanGoOnDuty(user);
        return unitOfWork.ExecuteAsync(async db =>
        {
            var staff = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == user.StaffId, cancellationToken).OrNotFound("您的人员信息");
            var open = await db.DutyShifts.FirstOrDefaultAsync(s => s.StaffId == user.StaffId && s.EndedAt == null, cancellationToken);
            db.DutyShifts.Add(DutyShift.Start(Guid.CreateVersion7(), staff, open, clock.GetUtcNow()));
        }, cancellationToken);
    }

    public Task GoOffDutyAsync(Operator user, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanGoOnDuty(user);
        return unitOfWork.ExecuteAsync(async db =>
        {
            var open = await db.DutyShifts.FirstOrDefaultAsync(s => s.StaffId == user.StaffId && s.EndedAt == null, cancellationToken)
                ?? throw new DomainException("您当前未在岗，无需离岗。");
            open.End(clock.GetUtcNow());
        }, cancellationToken);
    }

    /// <summary>Replaces the department's roster for the day with exactly these people.</summary>
    public Task SetRosterAsync(Operator user, Guid departmentId, DateOnly day, IReadOnlyCollection<Guid> staffIds, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanPlanDuty(user);
        ArgumentNullException.ThrowIfNull(staffIds);
        return unitOfWork.ExecuteAsync(async db =>
        {
            var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == departmentId, cancellationToken).OrNotFound("该部门");
            var members = await db.Staff.AsNoTracking().Where(s => s.DepartmentId == departmentId).ToListAsync(cancellationToken);
            var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(WorkingCalendar.ChinaStandardTime).Date);
            var planned = DutyRoster.Plan(department, day, staffIds, members, today);
            var existing = await db.Roster.Where(r => r.DepartmentId == departmentId && r.Day == day).ToListAsync(cancellationToken);
            db.Roster.RemoveRange(existing.Where(e => !staffIds.Contains(e.StaffId)));
            db.Roster.AddRange(planned.Where(p => existing.All(e => e.StaffId != p.StaffId)));
            string[] Names(IEnumerable<Guid> ids) => [.. ids.Select(id => members.FirstOrDefault(m => m.Id == id)?.DisplayName ?? id.ToString())];
            db.AuditEntries.Add(audit.Entry(
                Security.AuditKind.RosterChanged, await Security.AuditTrail.LoginOfAsync(db, user, cancellationToken), $"{department.ShortName} {day:yyyy-MM-dd}",
                $"修改 {department.ShortName} {day:yyyy-MM-dd} 的值班表。", new { 值班 = Names(existing.Select(e => e.StaffId)) }, new { 值班 = Names(planned.Select(p => p.StaffId)) }));
        }, cancellationToken);
    }
}
