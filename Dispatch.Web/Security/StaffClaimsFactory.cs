using System.Security.Claims;
using Dispatch.Domain.Common;
using Dispatch.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Security;

/// <summary>
/// Builds the principal of a signed-in account from its staff row: the display name, the role,
/// the department and the center, which is what the server authorizes with. Identity's own
/// claims (id, security stamp) come from the base class.
/// </summary>
public sealed class StaffClaimsFactory(UserManager<StaffAccount> users, IOptions<IdentityOptions> options, StaffDirectory directory)
    : UserClaimsPrincipalFactory<StaffAccount>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffAccount user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var profile = await directory.ProfileAsync(user.Id, CancellationToken.None)
            ?? throw new InvalidOperationException($"Account {user.UserName} has no staff row.");
        var staff = profile.Staff;
        foreach (var name in identity.FindAll(identity.NameClaimType).ToList())
        {
            identity.RemoveClaim(name);
        }

        identity.AddClaims(
        [
            new Claim(identity.NameClaimType, staff.DisplayName),
            new Claim(identity.RoleClaimType, staff.Role.ToString()),
            new Claim("dispatch:login", staff.UserName),
            new Claim("dispatch:role-label", Labels.Of(staff.Role)),
            new Claim(DispatchClaims.CenterId, staff.CenterId.ToString()),
            new Claim(DispatchClaims.CenterName, profile.CenterName ?? string.Empty),
            new Claim(DispatchClaims.CenterLevel, profile.CenterLevel.ToString()),
        ]);
        if (staff.DepartmentId is { } departmentId)
        {
            identity.AddClaim(new Claim(DispatchClaims.DepartmentId, departmentId.ToString()));
            identity.AddClaim(new Claim(DispatchClaims.DepartmentName, profile.DepartmentName ?? string.Empty));
        }

        return identity;
    }
}
