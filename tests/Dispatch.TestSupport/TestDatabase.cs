using Dispatch.Infrastructure;
using Dispatch.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.TestSupport;

/// <summary>
/// An empty database (a temp SQLite file, or a fresh database on a private PostgreSQL) wired
/// through the app's own AddDispatchInfrastructure, so tests exercise the real set-up.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFile;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteFile, TimeProvider? clock, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider.ToString(),
                ["Database:ConnectionString"] = connectionString,
                ["Database:SeedDemoData"] = "false",
                ["Escalation:Enabled"] = "false",
                ["Jobs:Enabled"] = "false",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddDispatchInfrastructure(configuration, Path.GetTempPath());
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        Services = services.BuildServiceProvider();
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public ServiceProvider Services { get; }

    public IDbContextFactory<DispatchDbContext> Factory => Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>();

    public UnitOfWork UnitOfWork => Services.GetRequiredService<UnitOfWork>();

    public InProcessEventBus Events => Services.GetRequiredService<InProcessEventBus>();

    /// <summary>A SQLite database in a temp file; <paramref name="settings"/> add or override configuration (e.g. Redis:Configuration).</summary>
    public static TestDatabase Sqlite(TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"dispatch-test-{Guid.NewGuid():N}.db");
        return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={file}", file, clock, settings);
    }

    public static TestDatabase Postgres(PostgresServer server, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new TestDatabase(DatabaseProvider.PostgreSql, server.CreateDatabase(), null, clock);
    }

    public static TestDatabase Create(DatabaseProvider provider, PostgresServer? server, TimeProvider? clock = null) =>
        provider == DatabaseProvider.Sqlite ? Sqlite(clock) : Postgres(server ?? throw new ArgumentNullException(nameof(server)), clock);

    public DispatchDbContext CreateContext() => Factory.CreateDbContext();

    public async Task<TestDatabase> MigrateAsync()
    {
        await using var db = CreateContext();
        await db.Database.MigrateAsync();
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            var jobs = Infrastructure.Jobs.JobsRegistration.SqliteJobsFile(ConnectionString);
            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm", jobs, jobs + "-wal", jobs + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
