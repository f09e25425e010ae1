using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>Sessions kept on the server: sign-out, a password change, a lock-out or 强制下线 end them at once.</summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261202000000_SignInSessions")]
public sealed class SignInSessions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var sqlite = migrationBuilder.IsSqlite();
        migrationBuilder.CreateTable(
            name: "SignInSessions",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                AccountId = table.Column<Guid>(nullable: false),
                UserName = table.Column<string>(nullable: false),
                Ticket = table.Column<byte[]>(nullable: false),
                CreatedAt = table.Timestamp(sqlite),
                LastSeenAt = table.Timestamp(sqlite),
                ExpiresAt = table.Timestamp(sqlite, nullable: true),
                IpAddress = table.Column<string>(nullable: true),
                UserAgent = table.Column<string>(nullable: true),
                IsDevice = table.Column<bool>(nullable: false),
                EndedAt = table.Timestamp(sqlite, nullable: true),
                EndedReason = table.Column<string>(nullable: true),
                EndedBy = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SignInSessions", x => x.Id);
                table.ForeignKey("FK_SignInSessions_AspNetUsers_AccountId", x => x.AccountId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_SignInSessions_AccountId_EndedAt", "SignInSessions", ["AccountId", "EndedAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("SignInSessions");
}
