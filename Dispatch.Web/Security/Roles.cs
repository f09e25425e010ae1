using Dispatch.Domain.Organization;

namespace Dispatch.Web.Security;

/// <summary>Role names in claims are the <see cref="StaffRole"/> names.</summary>
public static class Roles
{
    public const string Director = nameof(StaffRole.Director);
    public const string Dispatcher = nameof(StaffRole.Dispatcher);
    public const string DepartmentStaff = nameof(StaffRole.DepartmentStaff);
    public const string Leader = nameof(StaffRole.Leader);
    public const string WallDisplay = nameof(StaffRole.WallDisplay);
    public const string Admin = nameof(StaffRole.Admin);
}

public static class Policies
{
    /// <summary>The director's console: directors, dispatchers, leaders, admins.</summary>
    public const string Command = "command";

    /// <summary>A department terminal: department staff, who see only their own department.</summary>
    public const string Terminal = "terminal";

    /// <summary>The situation wall: the wall device and the command staff; read-only.</summary>
    public const string Wall = "wall";

    public const string Cases = "cases";

    /// <summary>Settings such as escalation policies: administrators.</summary>
    public const string Admin = "admin";

    /// <summary>The daily bulletin (每日信访通报): the command staff and every department.</summary>
    public const string Bulletins = "bulletins";
}

public static class DispatchClaims
{
    public const string DepartmentId = "dispatch:department";
    public const string DepartmentName = "dispatch:department-name";
    public const string CenterId = "dispatch:center";
    public const string CenterName = "dispatch:center-name";

    /// <summary>The key of the server-side session the principal came from (see DatabaseTicketStore).</summary>
    public const string SessionId = "dispatch:session";
}
