using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>
/// The design card's server stack: the data-protection key ring moves into the database (shared
/// by every node, no shared folder), each whistle keeps the id of its pending Hangfire wake-up,
/// and the tables Quartz created in this database go.
/// </summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261201000000_HangfireAndSharedKeys")]
public sealed class HangfireAndSharedKeys : Migration
{
    /// <summary>Quartz's own tables (created at run time by its ProvisionSchema, never by a migration), children first.</summary>
    private static readonly string[] QuartzTables =
    [
        "QRTZ_FIRED_TRIGGERS", "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS",
        "QRTZ_SIMPLE_TRIGGERS", "QRTZ_SIMPROP_TRIGGERS", "QRTZ_CRON_TRIGGERS", "QRTZ_BLOB_TRIGGERS",
        "QRTZ_TRIGGERS", "QRTZ_JOB_DETAILS", "QRTZ_CALENDARS",
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var sqlite = migrationBuilder.IsSqlite();
        migrationBuilder.CreateTable(
            name: "DataProtectionKeys",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).Identity(),
                FriendlyName = table.Column<string>(nullable: true),
                Xml = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_DataProtectionKeys", x => x.Id));

        migrationBuilder.CreateTable(
            name: "EscalationWakeUps",
            columns: table => new
            {
                WhistleId = table.Column<Guid>(nullable: false),
                JobId = table.Column<string>(nullable: false),
                DueAt = table.Timestamp(sqlite),
            },
            constraints: table => table.PrimaryKey("PK_EscalationWakeUps", x => x.WhistleId));

        foreach (var name in QuartzTables)
        {
            migrationBuilder.Sql(sqlite ? $"DROP TABLE IF EXISTS {name};" : $"DROP TABLE IF EXISTS {name.ToLowerInvariant()} CASCADE;");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("EscalationWakeUps");
        migrationBuilder.DropTable("DataProtectionKeys");
    }
}
