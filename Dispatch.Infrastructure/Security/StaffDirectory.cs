using Dispatch.Domain.Organization;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Persistence.Configurations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Security;

/// <summary>A staff member whose password checked out, with the department name for the claims.</summary>
public sealed record VerifiedStaff(Staff Staff, string? DepartmentName);

/// <summary>Checks passwords against the hashes stored beside the staff rows.</summary>
public sealed class StaffDirectory(IDbContextFactory<DispatchDbContext> factory)
{
    private static readonly PasswordHasher<Staff> Hasher = new();

    public async Task<VerifiedStaff?> VerifyPasswordAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return null;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var login = userName.Trim().ToLowerInvariant();
        var staff = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.UserName == login, cancellationToken);
        if (staff is null)
        {
            return null;
        }

        var hash = await db.Staff.Where(s => s.Id == staff.Id).Select(s => EF.Property<string?>(s, StaffConfiguration.PasswordHash)).SingleAsync(cancellationToken);
        if (hash is null || Hasher.VerifyHashedPassword(staff, hash, password) == PasswordVerificationResult.Failed)
        {
            return null;
        }

        var department = staff.DepartmentId is { } id
            ? await db.Departments.AsNoTracking().Where(d => d.Id == id).Select(d => d.ShortName).SingleAsync(cancellationToken)
            : null;
        return new VerifiedStaff(staff, department);
    }
}
