using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>
/// 三级综治中心: a township's whistle policy (may it summon the county's departments), and the
/// center that first handed a case up, which follows it read-only (「已上交」). Cases raised
/// before this migration keep no such center: nobody below follows them.
/// </summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261204000000_ThreeLevels")]
public sealed class ThreeLevels : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("SummonsParentDepartments", "Centers", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<Guid>("RaisedFromCenterId", "Cases", nullable: true);
        migrationBuilder.CreateIndex("IX_Cases_RaisedFromCenterId", "Cases", "RaisedFromCenterId");

        // A grid worker's reports are looked up by their village.
        migrationBuilder.CreateIndex("IX_Cases_VillageId", "Cases", "VillageId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Cases_VillageId", "Cases");
        migrationBuilder.DropIndex("IX_Cases_RaisedFromCenterId", "Cases");
        if (migrationBuilder.IsSqlite())
        {
            // EF Core rebuilds a SQLite table only from a model snapshot, which these hand-written migrations do not keep.
            migrationBuilder.Sql("""ALTER TABLE "Cases" DROP COLUMN "RaisedFromCenterId";""");
            migrationBuilder.Sql("""ALTER TABLE "Centers" DROP COLUMN "SummonsParentDepartments";""");
        }
        else
        {
            migrationBuilder.DropColumn("RaisedFromCenterId", "Cases");
            migrationBuilder.DropColumn("SummonsParentDepartments", "Centers");
        }
    }
}
