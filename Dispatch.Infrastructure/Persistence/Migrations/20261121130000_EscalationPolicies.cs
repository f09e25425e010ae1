using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>Escalation policies as data that an administrator edits (预警规则).</summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261121130000_EscalationPolicies")]
public sealed class EscalationPolicies : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var sqlite = migrationBuilder.IsSqlite();
        migrationBuilder.CreateTable(
            name: "EscalationPolicies",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Steps = table.Column<string>(nullable: false),
                Name = table.Column<string>(nullable: false),
                IsDefault = table.Column<bool>(nullable: false),
                UpdatedAt = table.Timestamp(sqlite),
                UpdatedBy = table.Column<string>(nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_EscalationPolicies", x => x.Id));
        migrationBuilder.CreateIndex("IX_EscalationPolicies_Name", "EscalationPolicies", "Name", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("EscalationPolicies");
}
