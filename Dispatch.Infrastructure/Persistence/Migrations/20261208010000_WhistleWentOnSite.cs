using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>
/// Whether a summoned department reached the scene, kept on the whistle: the on-site resolution
/// rate over a year was an <c>EXISTS</c> over the summonses of each of 36,000 whistles. Filled
/// from the summonses for the whistles already stored.
/// </summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261208010000_WhistleWentOnSite")]
public sealed class WhistleWentOnSite : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("WentOnSite", "Whistles", nullable: false, defaultValue: false);
        var yes = migrationBuilder.IsSqlite() ? "1" : "TRUE";
        migrationBuilder.Sql($"""
            UPDATE "Whistles" SET "WentOnSite" = {yes}
            WHERE EXISTS (SELECT 1 FROM "Summonses" s WHERE s."WhistleId" = "Whistles"."Id" AND s."OnSiteAt" IS NOT NULL)
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumnOnBoth("WentOnSite", "Whistles");
}
