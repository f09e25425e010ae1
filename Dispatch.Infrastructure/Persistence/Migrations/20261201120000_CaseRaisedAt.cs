using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>When a case was last raised to a higher center (升级), for the receiving console's 「待处理」 list.</summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261201120000_CaseRaisedAt")]
public sealed class CaseRaisedAt : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.AddColumn<long>("RaisedAt", "Cases", nullable: true);
        }
        else
        {
            migrationBuilder.AddColumn<DateTimeOffset>("RaisedAt", "Cases", nullable: true);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("RaisedAt", "Cases");
}
