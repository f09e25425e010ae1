using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>
/// The reports' daily counts (<see cref="ReportDay"/>): a year's report sums a few thousand lines
/// instead of reading a year of cases. Filled from the cases at the next start
/// (<see cref="Reports.ReportTallyBuilder"/>).
/// </summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261208000000_ReportDays")]
public sealed class ReportDays : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ReportDays",
            columns: table => new
            {
                Scope = table.Column<Guid>(nullable: false),
                Day = table.Column<DateOnly>(nullable: false),
                Kind = table.Column<int>(nullable: false),
                Key = table.Column<string>(nullable: false),
                Received = table.Column<int>(nullable: false),
                AcceptedInTime = table.Column<int>(nullable: false),
                Closed = table.Column<int>(nullable: false),
                ClosedAtVillage = table.Column<int>(nullable: false),
                ClosedAtTownship = table.Column<int>(nullable: false),
                ClosedAtCounty = table.Column<int>(nullable: false),
                Due = table.Column<int>(nullable: false),
                DueClosedInTime = table.Column<int>(nullable: false),
                DueResultInTime = table.Column<int>(nullable: false),
                Results = table.Column<int>(nullable: false),
                FollowUps = table.Column<int>(nullable: false),
                Satisfied = table.Column<int>(nullable: false),
                Dissatisfied = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ReportDays", x => new { x.Scope, x.Day, x.Kind, x.Key }));

        // A period's edges (part days) are read from the cases by every moment a case counts on.
        migrationBuilder.CreateIndex("IX_Cases_DueAt", "Cases", "DueAt");
        migrationBuilder.CreateIndex("IX_Cases_ResultAt", "Cases", "ResultAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Cases_ResultAt", "Cases");
        migrationBuilder.DropIndex("IX_Cases_DueAt", "Cases");
        migrationBuilder.DropTable("ReportDays");
    }
}
