using System.Security.Claims;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Dispatch.Web.Security;

/// <summary>
/// Builds the claims the server authorizes with (role, department, center) for a verified
/// staff member. The whistle issue moves sign-in to ASP.NET Core Identity (lockout, password
/// policy); the claims stay the same.
/// </summary>
public sealed class StaffSignIn(StaffDirectory directory)
{
    public async Task<ClaimsPrincipal?> VerifyAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        if (await directory.VerifyPasswordAsync(userName, password, cancellationToken) is not { } verified)
        {
            return null;
        }

        var staff = verified.Staff;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, staff.Id.ToString()),
            new(ClaimTypes.Name, staff.DisplayName),
            new(ClaimTypes.Role, staff.Role.ToString()),
            new("dispatch:login", staff.UserName),
            new("dispatch:role-label", Labels.Of(staff.Role)),
            new(DispatchClaims.CenterId, staff.CenterId.ToString()),
        };
        if (staff.DepartmentId is { } departmentId)
        {
            claims.Add(new Claim(DispatchClaims.DepartmentId, departmentId.ToString()));
            claims.Add(new Claim(DispatchClaims.DepartmentName, verified.DepartmentName ?? string.Empty));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }
}

public static class ClaimsPrincipalExtensions
{
    public static Guid? DepartmentId(this ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(DispatchClaims.DepartmentId), out var id) ? id : null;

    /// <summary>The acting user as the domain sees them; built from server-issued claims only.</summary>
    public static Operator ToOperator(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            || !Enum.TryParse<StaffRole>(user.FindFirstValue(ClaimTypes.Role), out var role))
        {
            throw new AccessDeniedException("登录状态已失效，请重新登录。");
        }

        return new Operator(id, user.Identity?.Name ?? string.Empty, role, user.DepartmentId());
    }

    public static string? DepartmentName(this ClaimsPrincipal user) => user?.FindFirstValue(DispatchClaims.DepartmentName);

    public static string RoleLabel(this ClaimsPrincipal user) => user?.FindFirstValue("dispatch:role-label") ?? string.Empty;

    /// <summary>Where a user lands after signing in.</summary>
    public static string HomePage(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.DepartmentStaff) ? "/terminal"
        : user.IsInRole(Roles.WallDisplay) ? "/wall"
        : "/console";
}
