using System.Security.Claims;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;

namespace Dispatch.Web.Security;

public static class ClaimsPrincipalExtensions
{
    public static Guid? DepartmentId(this ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(DispatchClaims.DepartmentId), out var id) ? id : null;

    /// <summary>The center the user works for, from the server-issued claim.</summary>
    public static Guid? CenterId(this ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(DispatchClaims.CenterId), out var id) ? id : null;

    /// <summary>The acting user as the domain sees them; built from server-issued claims only.</summary>
    public static Operator ToOperator(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            || !Enum.TryParse<StaffRole>(user.FindFirstValue(ClaimTypes.Role), out var role))
        {
            throw new AccessDeniedException("登录状态已失效，请重新登录。");
        }

        if (!Guid.TryParse(user.FindFirstValue(DispatchClaims.CenterId), out var centerId))
        {
            throw new AccessDeniedException("登录状态已失效，请重新登录。");
        }

        return new Operator(id, user.Identity?.Name ?? string.Empty, role, user.DepartmentId()) { CenterId = centerId };
    }

    /// <summary>The login name (for the audit trail), else the display name.</summary>
    public static string Login(this ClaimsPrincipal user) => user?.FindFirstValue("dispatch:login") ?? user?.Identity?.Name ?? "匿名";

    /// <summary>The role from the server-issued claim, if any; for showing only what the role may use.</summary>
    public static StaffRole? Role(this ClaimsPrincipal user) =>
        Enum.TryParse<StaffRole>(user?.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;

    /// <summary>May blow and command whistles (the server checks again in every use case).</summary>
    public static bool CanCommand(this ClaimsPrincipal user) => user.Role() is { } role && Permissions.CanCommand(role);

    /// <summary>May register and run cases (the server checks again in every use case).</summary>
    public static bool CanRunCases(this ClaimsPrincipal user) => user.Role() is { } role && Permissions.CanRunCases(role);

    public static string? DepartmentName(this ClaimsPrincipal user) => user?.FindFirstValue(DispatchClaims.DepartmentName);

    public static string RoleLabel(this ClaimsPrincipal user) => user?.FindFirstValue("dispatch:role-label") ?? string.Empty;

    /// <summary>Where a user lands after signing in.</summary>
    public static string HomePage(this ClaimsPrincipal user) =>
        Enum.TryParse<StaffRole>(user?.FindFirstValue(ClaimTypes.Role), out var role) ? HomePage(role) : "/console";

    public static string HomePage(StaffRole role) => role switch
    {
        StaffRole.DepartmentStaff => "/terminal",
        StaffRole.WallDisplay => "/wall",
        StaffRole.Mediator => "/cases",
        StaffRole.GridWorker => "/grid",
        _ => "/console",
    };
}
