using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dispatch.TestSupport;

/// <summary>
/// A database schema as comparable lines: tables and their columns (type, nullability),
/// indexes (columns, uniqueness) and keys. EF's own history and lock tables are left out.
/// </summary>
public sealed record SchemaSnapshot(IReadOnlySet<string> Lines)
{
    private static readonly string[] EfTables = ["__EFMigrationsHistory", "__EFMigrationsLock"];

    public static async Task<SchemaSnapshot> ReadAsync(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        return connection switch
        {
            SqliteConnection sqlite => await ReadSqliteAsync(sqlite),
            NpgsqlConnection npgsql => await ReadPostgresAsync(npgsql),
            _ => throw new NotSupportedException(connection.GetType().Name),
        };
    }

    /// <summary>Lines in one snapshot and not the other, each marked with the side it is on.</summary>
    public IReadOnlyList<string> DifferencesFrom(SchemaSnapshot other, string thisName, string otherName)
    {
        ArgumentNullException.ThrowIfNull(other);
        return [.. Lines.Except(other.Lines).Select(l => $"only in {thisName}: {l}")
            .Concat(other.Lines.Except(Lines).Select(l => $"only in {otherName}: {l}"))
            .Order(StringComparer.Ordinal)];
    }

    private static async Task<SchemaSnapshot> ReadSqliteAsync(SqliteConnection connection)
    {
        var lines = new HashSet<string>();
        var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", r => r.GetString(0));
        foreach (var table in tables.Where(t => !EfTables.Contains(t)))
        {
            lines.Add($"table {table}");
            var pk = new List<(int Order, string Column)>();
            foreach (var (name, type, notNull, pkOrder) in await QueryAsync(connection, $"PRAGMA table_info(\"{table}\")",
                         r => (r.GetString(1), r.GetString(2), r.GetInt64(3) == 1, r.GetInt32(5))))
            {
                lines.Add($"column {table}.{name} {type.ToUpperInvariant()} {(notNull || pkOrder > 0 ? "NOT NULL" : "NULL")}");
                if (pkOrder > 0)
                {
                    pk.Add((pkOrder, name));
                }
            }

            lines.Add($"primary key {table}({string.Join(",", pk.OrderBy(p => p.Order).Select(p => p.Column))})");
            foreach (var (name, unique, origin) in await QueryAsync(connection, $"PRAGMA index_list(\"{table}\")", r => (r.GetString(1), r.GetInt64(2) == 1, r.GetString(3))))
            {
                if (origin == "pk")
                {
                    continue;
                }

                var columns = await QueryAsync(connection, $"PRAGMA index_info(\"{name}\")", r => (r.GetInt32(0), r.GetString(2)));
                lines.Add($"index {table} {name} ({string.Join(",", columns.OrderBy(c => c.Item1).Select(c => c.Item2))}){(unique ? " unique" : string.Empty)}");
            }

            foreach (var group in (await QueryAsync(connection, $"PRAGMA foreign_key_list(\"{table}\")",
                         r => (Id: r.GetInt32(0), Seq: r.GetInt32(1), Target: r.GetString(2), From: r.GetString(3), To: r.GetString(4), OnDelete: r.GetString(6))))
                     .GroupBy(f => f.Id))
            {
                var parts = group.OrderBy(g => g.Seq).ToList();
                lines.Add($"foreign key {table}({string.Join(",", parts.Select(p => p.From))}) -> {parts[0].Target}({string.Join(",", parts.Select(p => p.To))}) on delete {parts[0].OnDelete.ToUpperInvariant()}");
            }
        }

        return new SchemaSnapshot(lines);
    }

    private static async Task<SchemaSnapshot> ReadPostgresAsync(NpgsqlConnection connection)
    {
        var lines = new HashSet<string>();
        foreach (var (table, column, type, nullable) in await QueryAsync(connection,
                     "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public'",
                     r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3))))
        {
            if (EfTables.Contains(table))
            {
                continue;
            }

            lines.Add($"table {table}");
            lines.Add($"column {table}.{column} {type} {(nullable == "YES" ? "NULL" : "NOT NULL")}");
        }

        foreach (var (table, name, definition) in await QueryAsync(connection,
                     "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
                     r => (r.GetString(0), r.GetString(1), r.GetString(2))))
        {
            if (!EfTables.Contains(table) && !name.StartsWith("PK_", StringComparison.Ordinal))
            {
                lines.Add($"index {table} {name} {definition[definition.IndexOf(" USING ", StringComparison.Ordinal)..]}{(definition.StartsWith("CREATE UNIQUE", StringComparison.Ordinal) ? " unique" : string.Empty)}");
            }
        }

        foreach (var (table, name, definition) in await QueryAsync(connection,
                     "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'f', 'u')",
                     r => (r.GetString(0).Trim('"'), r.GetString(1), r.GetString(2))))
        {
            if (!EfTables.Contains(table))
            {
                lines.Add($"constraint {table} {name} {definition}");
            }
        }

        return new SchemaSnapshot(lines);
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> map)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
