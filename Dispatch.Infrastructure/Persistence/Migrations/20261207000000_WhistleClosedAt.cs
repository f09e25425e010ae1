using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>
/// The KPIs read the whistles closed in a period (on-site resolution): over a year of whistles
/// that was a scan of the table on every console load.
/// </summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261207000000_WhistleClosedAt")]
public sealed class WhistleClosedAt : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("IX_Whistles_ClosedAt", "Whistles", "ClosedAt");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex("IX_Whistles_ClosedAt", "Whistles");
}
