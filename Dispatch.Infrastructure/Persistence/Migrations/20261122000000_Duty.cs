using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>Duty shifts (上岗/离岗) and the duty roster (值班表).</summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261122000000_Duty")]
public sealed class Duty : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var sqlite = migrationBuilder.IsSqlite();
        migrationBuilder.CreateTable(
            name: "DutyShifts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                StaffId = table.Column<Guid>(nullable: false),
                DepartmentId = table.Column<Guid>(nullable: false),
                StaffName = table.Column<string>(nullable: false),
                StartedAt = table.Timestamp(sqlite),
                EndedAt = table.Timestamp(sqlite, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_DutyShifts", x => x.Id);
                table.ForeignKey("FK_DutyShifts_Staff_StaffId", x => x.StaffId, "Staff", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_DutyShifts_Departments_DepartmentId", x => x.DepartmentId, "Departments", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_DutyShifts_Open", "DutyShifts", "StaffId", unique: true, filter: "\"EndedAt\" IS NULL");
        migrationBuilder.CreateIndex("IX_DutyShifts_DepartmentId_StartedAt", "DutyShifts", ["DepartmentId", "StartedAt"]);

        migrationBuilder.CreateTable(
            name: "DutyRoster",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Day = table.Column<DateOnly>(nullable: false),
                DepartmentId = table.Column<Guid>(nullable: false),
                StaffId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_DutyRoster", x => x.Id);
                table.ForeignKey("FK_DutyRoster_Staff_StaffId", x => x.StaffId, "Staff", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_DutyRoster_Departments_DepartmentId", x => x.DepartmentId, "Departments", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_DutyRoster_Day_DepartmentId_StaffId", "DutyRoster", ["Day", "DepartmentId", "StaffId"], unique: true);
        migrationBuilder.CreateIndex("IX_DutyRoster_DepartmentId", "DutyRoster", "DepartmentId");
        migrationBuilder.CreateIndex("IX_DutyRoster_StaffId", "DutyRoster", "StaffId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("DutyRoster");
        migrationBuilder.DropTable("DutyShifts");
    }
}
