using Dispatch.Infrastructure.Persistence.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Infrastructure.Persistence;

/// <summary>Applies the migrations at start-up and seeds the demo county into an empty database.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<DispatchDbContext> factory,
    IOptions<DatabaseOptions> options,
    DemoDataSeeder seeder,
    Reports.ReportTallyBuilder tallies,
    Reports.RiskService risk,
    ILogger<DatabaseInitializer> logger) : IDisposable
{
    private FileStream? _inUse;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var database = options.Value;
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            // Held while the app runs (shared: several app instances on one file are fine), so
            // that a restore, which needs the file to itself, knows the app is still running.
            _inUse ??= DatabaseBackup.HoldInUse(Path.GetFullPath(file));
        }

        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            if (database.Provider == DatabaseProvider.Sqlite)
            {
                // Write-ahead logging: the app and the escalation scheduler write the same file;
                // readers never wait for a writer.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            logger.LogInformation("Database ({Provider}) is up to date; applied {Count} migration(s).", database.Provider, pending.Count);
        }

        // Every installation starts with the standard risk rules (风险预警规则), which admins then edit.
        await risk.SeedDefaultRulesAsync(cancellationToken);
        if (database.SeedDemoData ?? database.Provider == DatabaseProvider.Sqlite)
        {
            await seeder.SeedIfEmptyAsync(cancellationToken);
        }

        // The reports' daily counts, for a database that has cases from before they existed (or a bulk load).
        await tallies.BuildIfMissingAsync(cancellationToken);
    }

    public void Dispose() => _inUse?.Dispose();
}
