using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>Texts (短信) to department staff and heads, and the phone links in them.</summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261207010000_TextMessages")]
public sealed class TextMessages : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var sqlite = migrationBuilder.IsSqlite();
        migrationBuilder.CreateTable(
            name: "TextMessages",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Key = table.Column<string>(nullable: false),
                Purpose = table.Column<int>(nullable: false),
                WhistleId = table.Column<Guid>(nullable: true),
                SummonsId = table.Column<Guid>(nullable: true),
                DepartmentId = table.Column<Guid>(nullable: true),
                DepartmentName = table.Column<string>(nullable: true),
                RecipientStaffId = table.Column<Guid>(nullable: true),
                RecipientName = table.Column<string>(nullable: false),
                Phone = table.Column<string>(nullable: false),
                Text = table.Column<string>(nullable: false),
                State = table.Column<int>(nullable: false),
                Attempts = table.Column<int>(nullable: false),
                CreatedAt = table.Timestamp(sqlite),
                ClaimedUntil = table.Timestamp(sqlite, nullable: true),
                NotBefore = table.Timestamp(sqlite),
                Provider = table.Column<string>(nullable: true),
                ProviderMessageId = table.Column<string>(nullable: true),
                SentAt = table.Timestamp(sqlite, nullable: true),
                DeliveredAt = table.Timestamp(sqlite, nullable: true),
                FailedAt = table.Timestamp(sqlite, nullable: true),
                LastError = table.Column<string>(nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_TextMessages", x => x.Id));
        migrationBuilder.CreateIndex("IX_TextMessages_Key", "TextMessages", "Key", unique: true);
        migrationBuilder.CreateIndex("IX_TextMessages_Phone_SentAt", "TextMessages", ["Phone", "SentAt"]);
        migrationBuilder.CreateIndex("IX_TextMessages_WhistleId", "TextMessages", "WhistleId");
        migrationBuilder.CreateIndex("IX_TextMessages_State_NotBefore", "TextMessages", ["State", "NotBefore"]);
        migrationBuilder.CreateIndex("IX_TextMessages_ProviderMessageId", "TextMessages", "ProviderMessageId");

        migrationBuilder.CreateTable(
            name: "PhoneLinks",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TokenHash = table.Column<string>(nullable: false),
                WhistleId = table.Column<Guid>(nullable: false),
                SummonsId = table.Column<Guid>(nullable: false),
                TextId = table.Column<Guid>(nullable: false),
                StaffId = table.Column<Guid>(nullable: true),
                Name = table.Column<string>(nullable: false),
                Phone = table.Column<string>(nullable: false),
                CreatedAt = table.Timestamp(sqlite),
                LastUsedAt = table.Timestamp(sqlite, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PhoneLinks", x => x.Id);
                table.ForeignKey("FK_PhoneLinks_TextMessages_TextId", x => x.TextId, "TextMessages", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_PhoneLinks_TokenHash", "PhoneLinks", "TokenHash", unique: true);
        migrationBuilder.CreateIndex("IX_PhoneLinks_SummonsId", "PhoneLinks", "SummonsId");
        migrationBuilder.CreateIndex("IX_PhoneLinks_TextId", "PhoneLinks", "TextId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("PhoneLinks");
        migrationBuilder.DropTable("TextMessages");
    }
}
