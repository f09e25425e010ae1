using Dispatch.Domain.Organization;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Security;

/// <summary>A staff member as sign-in needs them: the role, the department's short name.</summary>
public sealed record StaffProfile(Staff Staff, string? DepartmentName)
{
    /// <summary>The name of the center the person works for (甘州区综治中心, 大满镇综治中心).</summary>
    public string? CenterName { get; init; }

    public CenterLevel CenterLevel { get; init; } = CenterLevel.County;
}

/// <summary>Looks staff up for sign-in and for the claims built from their rows.</summary>
public sealed class StaffDirectory(IDbContextFactory<DispatchDbContext> factory)
{
    public async Task<StaffProfile?> ProfileAsync(Guid staffId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var staff = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == staffId, cancellationToken);
        if (staff is null)
        {
            return null;
        }

        var department = staff.DepartmentId is { } id
            ? await db.Departments.AsNoTracking().Where(d => d.Id == id).Select(d => d.ShortName).SingleAsync(cancellationToken)
            : null;
        var center = await db.Centers.AsNoTracking().Where(c => c.Id == staff.CenterId).Select(c => new { c.Name, c.Level }).FirstOrDefaultAsync(cancellationToken);
        return new StaffProfile(staff, department) { CenterName = center?.Name, CenterLevel = center?.Level ?? CenterLevel.County };
    }

    /// <summary>The sign-in account for a staff row: same id and user name, lockout on.</summary>
    public static StaffAccount AccountFor(Staff staff)
    {
        ArgumentNullException.ThrowIfNull(staff);
        return new StaffAccount
        {
            Id = staff.Id,
            UserName = staff.UserName,
            NormalizedUserName = staff.UserName.ToUpperInvariant(),
            PhoneNumber = staff.Phone,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
        };
    }
}
