namespace Dispatch.Domain.Organization;

public enum StaffRole
{
    Director = 1,
    Dispatcher = 2,
    DepartmentStaff = 3,
    Leader = 4,
    WallDisplay = 5,
    Admin = 6,
}
