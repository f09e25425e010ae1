using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>
/// Column helpers for migrations that serve SQLite and PostgreSQL alike: no explicit column
/// types, except timestamps, which SQLite stores as UTC ticks (see DispatchDbContext).
/// </summary>
internal static class MigrationColumns
{
    public static bool IsSqlite(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";

    public static OperationBuilder<AddColumnOperation> Timestamp(this ColumnsBuilder table, bool sqlite, bool nullable = false) =>
        sqlite ? table.Column<long>(nullable: nullable) : table.Column<DateTimeOffset>(nullable: nullable);

    /// <summary>An identity column on both providers (AUTOINCREMENT on SQLite, IDENTITY on PostgreSQL).</summary>
    public static OperationBuilder<AddColumnOperation> Identity(this OperationBuilder<AddColumnOperation> column) =>
        column
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    /// <summary>
    /// Drops a column on both providers: EF Core drops a SQLite column only by rebuilding the
    /// table from a model snapshot, which these hand-written migrations do not keep.
    /// </summary>
    public static void DropColumnOnBoth(this MigrationBuilder migrationBuilder, string column, string table)
    {
        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.Sql($"ALTER TABLE \"{table}\" DROP COLUMN \"{column}\";");
        }
        else
        {
            migrationBuilder.DropColumn(column, table);
        }
    }
}
