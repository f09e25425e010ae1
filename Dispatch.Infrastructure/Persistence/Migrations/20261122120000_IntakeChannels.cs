using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>Machine intake (API clients, idempotency, coordinates), attachments, repeat petitions and tiered mediation.</summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261122120000_IntakeChannels")]
public sealed class IntakeChannels : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var sqlite = migrationBuilder.IsSqlite();
        migrationBuilder.AddColumn<double>("Latitude", "Cases", nullable: true);
        migrationBuilder.AddColumn<double>("Longitude", "Cases", nullable: true);
        migrationBuilder.AddColumn<string>("Source", "Cases", nullable: true);
        migrationBuilder.AddColumn<string>("ExternalId", "Cases", nullable: true);
        migrationBuilder.AddColumn<int>("MediationAttempts", "Cases", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<int>("MergedCount", "Cases", nullable: false, defaultValue: 0);

        migrationBuilder.CreateTable(
            name: "IdempotencyRecords",
            columns: table => new
            {
                ClientName = table.Column<string>(nullable: false),
                Key = table.Column<string>(nullable: false),
                RequestHash = table.Column<string>(nullable: false),
                CaseId = table.Column<Guid>(nullable: false),
                CaseCode = table.Column<string>(nullable: false),
                CreatedAt = table.Timestamp(sqlite),
            },
            constraints: table => table.PrimaryKey("PK_IdempotencyRecords", x => new { x.ClientName, x.Key }));
        migrationBuilder.CreateIndex("IX_IdempotencyRecords_CreatedAt", "IdempotencyRecords", "CreatedAt");

        migrationBuilder.CreateTable(
            name: "CaseAttachments",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                CaseId = table.Column<Guid>(nullable: false),
                FileName = table.Column<string>(nullable: false),
                ContentType = table.Column<string>(nullable: false),
                Length = table.Column<long>(nullable: false),
                Content = table.Column<byte[]>(nullable: false),
                UploadedAt = table.Timestamp(sqlite),
                UploadedBy = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CaseAttachments", x => x.Id);
                table.ForeignKey("FK_CaseAttachments_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_CaseAttachments_CaseId", "CaseAttachments", "CaseId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("CaseAttachments");
        migrationBuilder.DropTable("IdempotencyRecords");
        foreach (var column in new[] { "MergedCount", "MediationAttempts", "ExternalId", "Source", "Longitude", "Latitude" })
        {
            migrationBuilder.DropColumn(column, "Cases");
        }
    }
}
