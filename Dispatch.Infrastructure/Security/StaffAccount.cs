using Microsoft.AspNetCore.Identity;

namespace Dispatch.Infrastructure.Security;

/// <summary>
/// The sign-in account of a staff member (ASP.NET Core Identity: hashed password, lockout,
/// security stamp). Its id is the staff member's id; role and department live on the staff row.
/// </summary>
public sealed class StaffAccount : IdentityUser<Guid>;
