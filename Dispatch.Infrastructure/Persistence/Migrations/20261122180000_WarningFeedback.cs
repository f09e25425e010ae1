using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>The written answer to a risk warning letter (整改反馈) and when it is due.</summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261122180000_WarningFeedback")]
public sealed class WarningFeedback : Migration
{
    private const string Table = "RiskWarnings";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var column in new[] { "FeedbackDueAt", "FeedbackAt" })
        {
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.AddColumn<long>(column, Table, nullable: true);
            }
            else
            {
                migrationBuilder.AddColumn<DateTimeOffset>(column, Table, nullable: true);
            }
        }

        migrationBuilder.AddColumn<string>("Feedback", Table, nullable: true);
        migrationBuilder.AddColumn<string>("FeedbackBy", Table, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var column in new[] { "FeedbackBy", "Feedback", "FeedbackAt", "FeedbackDueAt" })
        {
            migrationBuilder.DropColumn(column, Table);
        }
    }
}
