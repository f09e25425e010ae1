using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>The daily bulletin, risk early-warning rules, and the warnings they raise.</summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261122150000_Reports")]
public sealed class Reports : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var sqlite = migrationBuilder.IsSqlite();
        migrationBuilder.CreateTable(
            name: "Bulletins",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Day = table.Column<DateOnly>(nullable: false),
                Sequence = table.Column<int>(nullable: false),
                Number = table.Column<string>(nullable: false),
                Title = table.Column<string>(nullable: false),
                ComposedAt = table.Timestamp(sqlite),
                ContentJson = table.Column<string>(nullable: false),
                Text = table.Column<string>(nullable: false),
                DeliveryClaimedAt = table.Timestamp(sqlite, nullable: true),
                DeliveredAt = table.Timestamp(sqlite, nullable: true),
                DeliveryError = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Bulletins", x => x.Id));
        migrationBuilder.CreateIndex("IX_Bulletins_Day", "Bulletins", "Day", unique: true);

        migrationBuilder.CreateTable(
            name: "RiskRules",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(nullable: false),
                Kind = table.Column<int>(nullable: false),
                Category = table.Column<int>(nullable: true),
                WindowDays = table.Column<int>(nullable: false),
                MinCases = table.Column<int>(nullable: false),
                RisePercent = table.Column<int>(nullable: true),
                Enabled = table.Column<bool>(nullable: false),
                UpdatedAt = table.Timestamp(sqlite),
                UpdatedBy = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_RiskRules", x => x.Id));

        migrationBuilder.CreateTable(
            name: "RiskWarnings",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                RuleId = table.Column<Guid>(nullable: false),
                RuleName = table.Column<string>(nullable: false),
                Key = table.Column<string>(nullable: false),
                Kind = table.Column<int>(nullable: false),
                Category = table.Column<int>(nullable: false),
                PlaceId = table.Column<Guid>(nullable: true),
                PlaceName = table.Column<string>(nullable: true),
                Count = table.Column<int>(nullable: false),
                PreviousCount = table.Column<int>(nullable: true),
                WindowDays = table.Column<int>(nullable: false),
                Summary = table.Column<string>(nullable: false),
                CaseIds = table.Column<string>(nullable: false),
                RaisedAt = table.Timestamp(sqlite),
                UpdatedAt = table.Timestamp(sqlite),
                Status = table.Column<int>(nullable: false),
                SettledAt = table.Timestamp(sqlite, nullable: true),
                SettledBy = table.Column<string>(nullable: true),
                DismissReason = table.Column<string>(nullable: true),
                LetterNumber = table.Column<string>(nullable: true),
                LetterDepartmentId = table.Column<Guid>(nullable: true),
                LetterDepartmentName = table.Column<string>(nullable: true),
                LetterBody = table.Column<string>(nullable: true),
                LetterReadAt = table.Timestamp(sqlite, nullable: true),
                LetterReadBy = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_RiskWarnings", x => x.Id));
        migrationBuilder.CreateIndex("IX_RiskWarnings_RuleId_Key_RaisedAt", "RiskWarnings", ["RuleId", "Key", "RaisedAt"]);
        migrationBuilder.CreateIndex("IX_RiskWarnings_Status", "RiskWarnings", "Status");
        migrationBuilder.CreateIndex("IX_RiskWarnings_LetterDepartmentId", "RiskWarnings", "LetterDepartmentId");
        migrationBuilder.CreateIndex("IX_RiskWarnings_Open", "RiskWarnings", ["RuleId", "Key"], unique: true, filter: "\"Status\" = 1");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("RiskWarnings");
        migrationBuilder.DropTable("RiskRules");
        migrationBuilder.DropTable("Bulletins");
    }
}
