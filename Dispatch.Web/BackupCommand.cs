using Dispatch.Infrastructure.Persistence;

namespace Dispatch.Web;

/// <summary>
/// <c>dotnet run --project Dispatch.Web -- backup &lt;file&gt;</c>: a consistent copy of the embedded
/// database while the app runs; <c>-- restore &lt;file&gt;</c>: puts one back with the app stopped.
/// PostgreSQL installations use pg_dump and pg_restore (see the README).
/// </summary>
public static class BackupCommand
{
    public static async Task<int> RunAsync(string verb, string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            await error.WriteLineAsync($"用法：dotnet run --project Dispatch.Web -- {verb} <文件>");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(args[1..]);
        var database = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            await error.WriteLineAsync("当前使用 PostgreSQL：请用 pg_dump -Fc 备份、pg_restore 恢复（见 README「备份与恢复」）。");
            return 2;
        }

        var connectionString = DatabaseOptions.SqliteConnectionString(database.ConnectionString, builder.Environment.ContentRootPath);
        try
        {
            var result = verb == "backup"
                ? await DatabaseBackup.BackupAsync(connectionString, args[0], CancellationToken.None)
                : await DatabaseBackup.RestoreAsync(connectionString, args[0], CancellationToken.None);
            await output.WriteLineAsync(verb == "backup"
                ? $"已备份到 {result.File}（{result.Bytes / 1024.0 / 1024.0:0.0} MB，案件 {result.Cases} 件，吹哨 {result.Whistles} 次，结构版本 {result.Migration}）。"
                : $"已从 {result.File} 恢复（案件 {result.Cases} 件，吹哨 {result.Whistles} 次）。{(result.KeptAs is null ? string.Empty : $"原数据库另存为 {result.KeptAs}。")}现在可以启动 Dispatch。");
            return 0;
        }
        catch (BackupException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 1;
        }
    }
}
