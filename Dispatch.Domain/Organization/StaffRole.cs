namespace Dispatch.Domain.Organization;

public enum StaffRole
{
    Director = 1,
    Dispatcher = 2,
    DepartmentStaff = 3,
    Leader = 4,
    WallDisplay = 5,
    Admin = 6,

    /// <summary>调解员 of a village (community) center: intake, mediation and the result of its cases.</summary>
    Mediator = 7,

    /// <summary>网格员: reports incidents from the field to the village center and follows them.</summary>
    GridWorker = 8,
}
