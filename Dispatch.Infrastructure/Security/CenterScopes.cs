using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Security;

/// <summary>
/// The center scope of a signed-in user (<see cref="CenterScope"/>), read from the center
/// hierarchy in the database, for the use cases (which check every case they touch) and the
/// pages and queries (which show only what is in it).
/// </summary>
public sealed class CenterScopes(IDbContextFactory<DispatchDbContext> factory)
{
    /// <summary>The user's scope; null for department staff (bound by their department) and callers inside the server.</summary>
    public async Task<CenterScope?> OfAsync(Operator user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!Applies(user))
        {
            return null;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await OfAsync(db, user, cancellationToken);
    }

    internal static async Task<CenterScope?> OfAsync(DispatchDbContext db, Operator user, CancellationToken cancellationToken)
    {
        if (!Applies(user))
        {
            return null;
        }

        var nodes = await db.Centers.AsNoTracking().Select(c => new CenterNode(c.Id, c.ParentId, c.Level, c.Name, c.Code, c.SummonsParentDepartments)).ToListAsync(cancellationToken);
        return CenterScope.Of(user.CenterId!.Value, nodes) ?? throw new AccessDeniedException("找不到您的账号所属中心，请重新登录。");
    }

    /// <summary>Loads the case for a use case and refuses it when it is outside the user's centers.</summary>
    internal static async Task<Case> CaseInScopeAsync(DispatchDbContext db, Operator user, Guid caseId, CancellationToken cancellationToken)
    {
        var @case = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken).OrNotFound("该案件");
        Permissions.EnsureInScope(user, @case, await OfAsync(db, user, cancellationToken));
        return @case;
    }

    private static bool Applies(Operator user) => user.CenterId is not null && user.Role != StaffRole.DepartmentStaff;
}
