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
    public const string Mediator = nameof(StaffRole.Mediator);
    public const string GridWorker = nameof(StaffRole.GridWorker);
}

public static class Policies
{
    /// <summary>The director's console: directors, dispatchers, leaders, admins.</summary>
    public const string Command = "command";

    /// <summary>A department terminal: department staff, who see only their own department.</summary>
    public const string Terminal = "terminal";

    /// <summary>The situation wall: the wall device and the command staff; read-only.</summary>
    public const string Wall = "wall";

    /// <summary>Case list, case page, intake: the command staff and a village's mediators.</summary>
    public const string Cases = "cases";

    /// <summary>The grid worker's phone page (上报事件 and what became of the reports).</summary>
    public const string Field = "field";

    /// <summary>Settings such as escalation policies: administrators.</summary>
    public const string Admin = "admin";

    /// <summary>The daily bulletin (每日信访通报) of the county: its command staff and its departments (not the townships' 站所).</summary>
    public const string Bulletins = "bulletins";
}

public static class DispatchClaims
{
    public const string DepartmentId = "dispatch:department";
    public const string DepartmentName = "dispatch:department-name";
    public const string CenterId = "dispatch:center";
    public const string CenterName = "dispatch:center-name";

    /// <summary>County, Township or Village: what the center-wide pages (bulletins) need.</summary>
    public const string CenterLevel = "dispatch:center-level";

    /// <summary>The key of the server-side session the principal came from (see DatabaseTicketStore).</summary>
    public const string SessionId = "dispatch:session";
}
