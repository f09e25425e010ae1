using Microsoft.Data.Sqlite;

namespace Dispatch.Infrastructure.Persistence;

/// <summary>
/// Backup and restore of the embedded (SQLite) database. A backup is one consistent snapshot
/// taken while the app runs and writes (<c>VACUUM INTO</c> reads inside one transaction, so no
/// half-written use case gets in). A restore needs the app stopped: it refuses while another
/// process holds the database, keeps the current file beside it, and drops the job store so the
/// restarted app rebuilds its timers from the database, the source of truth.
/// </summary>
public static class DatabaseBackup
{
    /// <summary>The tables a Dispatch database has; a file without them is not one of ours.</summary>
    private static readonly string[] RequiredTables = ["__EFMigrationsHistory", "Cases", "Whistles", "Summonses", "AspNetUsers"];

    public static async Task<BackupResult> BackupAsync(string connectionString, string target, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var full = Path.GetFullPath(target);
        if (File.Exists(full))
        {
            throw new BackupException($"目标文件 {full} 已存在，为免覆盖，请换一个文件名。");
        }

        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (!File.Exists(source))
        {
            throw new BackupException($"找不到数据库文件 {Path.GetFullPath(source)}，请检查 Database:ConnectionString。");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString()))
        {
            await connection.OpenAsync(cancellationToken);
            await using var busy = connection.CreateCommand();
            busy.CommandText = "PRAGMA busy_timeout = 30000;";
            await busy.ExecuteNonQueryAsync(cancellationToken);
            await using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $target;";
            vacuum.Parameters.AddWithValue("$target", full);
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }

        return await DescribeAsync(full, cancellationToken);
    }

    public static async Task<BackupResult> RestoreAsync(string connectionString, string backup, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backup);
        var from = Path.GetFullPath(backup);
        if (!File.Exists(from))
        {
            throw new BackupException($"找不到备份文件 {from}。");
        }

        var described = await DescribeAsync(from, cancellationToken);
        var target = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string? kept = null;
        if (File.Exists(target))
        {
            await EnsureNobodyHoldsAsync(target, cancellationToken);
            kept = $"{target}.before-restore-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
            await using (var current = Open(target, SqliteOpenMode.ReadWrite))
            {
                await current.OpenAsync(cancellationToken);
                await using var copy = current.CreateCommand();
                copy.CommandText = "VACUUM INTO $kept;";
                copy.Parameters.AddWithValue("$kept", kept);
                await copy.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using (var source = Open(from, SqliteOpenMode.ReadOnly))
        await using (var destination = Open(target, SqliteOpenMode.ReadWriteCreate))
        {
            await source.OpenAsync(cancellationToken);
            await destination.OpenAsync(cancellationToken);
            source.BackupDatabase(destination);
        }

        // The job store (timers) is rebuilt from the restored database when the app starts.
        var jobs = Path.Combine(Path.GetDirectoryName(target)!, $"{Path.GetFileNameWithoutExtension(target)}-jobs.db");
        foreach (var file in new[] { jobs, jobs + "-wal", jobs + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }

        return described with { KeptAs = kept };
    }

    /// <summary>What a backup file holds, after checking that it is a whole Dispatch database.</summary>
    public static async Task<BackupResult> DescribeAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = Open(file, SqliteOpenMode.ReadOnly);
            await connection.OpenAsync(cancellationToken);
            var check = (string?)await Scalar(connection, "PRAGMA integrity_check;", cancellationToken);
            if (check != "ok")
            {
                throw new BackupException($"备份文件 {file} 已损坏（{check}），不能使用。");
            }

            foreach (var table in RequiredTables)
            {
                if (Convert.ToInt64(await Scalar(connection, $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}';", cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
                {
                    throw new BackupException($"{file} 不是 Dispatch 的数据库（缺少表 {table}）。");
                }
            }

            var cases = Convert.ToInt64(await Scalar(connection, "SELECT count(*) FROM Cases;", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            var whistles = Convert.ToInt64(await Scalar(connection, "SELECT count(*) FROM Whistles;", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            var migration = (string?)await Scalar(connection, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1;", cancellationToken);
            return new BackupResult(file, new FileInfo(file).Length, cases, whistles, migration ?? "—", null);
        }
        catch (SqliteException ex)
        {
            throw new BackupException($"{file} 不是可读的 SQLite 数据库：{ex.Message}");
        }
    }

    /// <summary>The lock file beside a database: every running app holds it shared, a restore needs it alone.</summary>
    public static string InUseFile(string database) => database + ".in-use";

    /// <summary>Marks the database as in use for as long as the returned stream stays open.</summary>
    public static FileStream HoldInUse(string database) =>
        new(InUseFile(database), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);

    private static Task EnsureNobodyHoldsAsync(string database, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // FileShare.None takes the lock exclusively: refused while any running app holds it.
            using var alone = new FileStream(InUseFile(database), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new BackupException($"数据库 {database} 正在被使用：请先停止 Dispatch（所有节点），再恢复。");
        }

        return Task.CompletedTask;
    }

    private static SqliteConnection Open(string file, SqliteOpenMode mode) =>
        new(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());

    private static async Task<object?> Scalar(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}

/// <summary>A backup file and what it holds.</summary>
public sealed record BackupResult(string File, long Bytes, long Cases, long Whistles, string Migration, string? KeptAs);

/// <summary>A backup or restore that cannot go ahead, with the reason an operator can act on.</summary>
public sealed class BackupException(string message) : Exception(message);
