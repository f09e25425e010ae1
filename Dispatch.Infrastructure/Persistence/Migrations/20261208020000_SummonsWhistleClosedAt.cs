using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>
/// When its whistle ended, kept on each summons: a report counts a year's missed deadlines per
/// department from the summonses alone, without joining each of 65,000 to its whistle. Filled
/// from the whistles already stored.
/// </summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261208020000_SummonsWhistleClosedAt")]
public sealed class SummonsWhistleClosedAt : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.AddColumn<long>("WhistleClosedAt", "Summonses", nullable: true);
        }
        else
        {
            migrationBuilder.AddColumn<DateTimeOffset>("WhistleClosedAt", "Summonses", nullable: true);
        }

        migrationBuilder.Sql("""
            UPDATE "Summonses" SET "WhistleClosedAt" = (SELECT w."ClosedAt" FROM "Whistles" w WHERE w."Id" = "Summonses"."WhistleId")
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumnOnBoth("WhistleClosedAt", "Summonses");
}
