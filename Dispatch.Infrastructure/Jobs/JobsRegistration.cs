using Dispatch.Infrastructure.Escalation;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Reports;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Infrastructure.Jobs;

public static class JobsRegistration
{
    /// <summary>
    /// Hangfire for every timed job. Storage follows the database: a SQLite file beside the
    /// embedded database (one node), or the app's PostgreSQL database, schema <c>hangfire</c>
    /// (several nodes share it and its distributed locks). The storage and the job activator
    /// are this host's own services, not Hangfire's process-wide defaults, so two hosts in one
    /// process (the two-node tests) never run each other's jobs; its logging survives a host
    /// that stopped before another (<see cref="HostLogProvider"/>).
    /// </summary>
    public static void AddJobs(this IServiceCollection services, DatabaseProvider provider, string connectionString, EscalationOptions options)
    {
        services.AddSingleton<JobStorage>(_ => provider == DatabaseProvider.PostgreSql
            ? PostgreSql(connectionString, options)
            : Sqlite(connectionString, options));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        services.AddHostedService<JobServer>();
        services.AddTransient<EscalationJob>();
        services.AddTransient<EscalationAuditJob>();
        services.AddTransient<BulletinJob>();
        services.AddTransient<RiskJob>();
        services.AddTransient<ReportTallyJob>();
        services.AddTransient<Messaging.TextDeliveryJob>();
        services.AddTransient<Messaging.TextSweepJob>();
        services.AddHostedService<JobSchedule>();
    }

    /// <summary>The SQLite job store: <c>dispatch.db</c> → <c>dispatch-jobs.db</c> in the same folder.</summary>
    public static string SqliteJobsFile(string connectionString)
    {
        var database = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(database)) ?? ".";
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(database)}-jobs.db");
    }

    /// <summary>Workers look for queued work every 100 ms at most: on one local file that costs little, and a due step waits no longer.</summary>
    private static SQLiteStorage Sqlite(string connectionString, EscalationOptions options) =>
        new(SqliteJobsFile(connectionString), new SQLiteStorageOptions
        {
            QueuePollInterval = Min(options.PollInterval, TimeSpan.FromMilliseconds(100)),
        });

    /// <summary>Workers look for queued work every 100 ms at most (Hangfire.PostgreSql's long polling measured worse here: p99 1.1 s, max 3.5 s).</summary>
    private static PostgreSqlStorage PostgreSql(string connectionString, EscalationOptions options)
    {
        var storage = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = Min(options.PollInterval, TimeSpan.FromMilliseconds(100)),
            DistributedLockTimeout = TimeSpan.FromSeconds(30),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storage), storage);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

/// <summary>
/// This node's Hangfire server. Hangfire's own hosted service waits for its server without a
/// bound when the app stops, and a worker held in the storage (a lock wait cannot be cancelled)
/// then held the whole shutdown past the host's timeout; this one waits a bounded time and goes.
/// Nothing is lost by it: a job cut short runs again (every job is idempotent) and the start-up
/// audit takes whatever fell due meanwhile.
/// </summary>
internal sealed class JobServer(
    JobStorage storage,
    JobActivator activator,
    IJobFilterProvider filters,
    ITimeZoneResolver timeZones,
    IHostApplicationLifetime lifetime,
    IOptions<EscalationOptions> escalation,
    ILogger<JobServer> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);
    private BackgroundJobServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // After the app has started, as Hangfire's own hosted service does (HangfireIO/Hangfire#2117).
        lifetime.ApplicationStarted.Register(() => _server = new BackgroundJobServer(
            new BackgroundJobServerOptions
            {
                ServerName = $"dispatch-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}",
                WorkerCount = escalation.Value.Concurrency,
                Queues = JobQueues.All,
                SchedulePollingInterval = escalation.Value.PollInterval,
                ShutdownTimeout = ShutdownTimeout,
                Activator = activator,
                FilterProvider = filters,
                TimeZoneResolver = timeZones,
            },
            storage));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not { } server)
        {
            return;
        }

        bool stopped;
        try
        {
            server.SendStop();
            stopped = await Task.Run(() => server.WaitForShutdown(ShutdownTimeout + TimeSpan.FromSeconds(2)), CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
            // Disposed under us (a test host torn down once while this waited): it has stopped.
            return;
        }

        if (!stopped)
        {
            logger.LogWarning("The job server did not stop within {Timeout}; jobs cut short run again after the restart", ShutdownTimeout + TimeSpan.FromSeconds(2));
        }
    }

    public void Dispose() => _server?.Dispose();
}

/// <summary>
/// At start-up: the recurring jobs (the escalation audit when escalation is timed, the risk
/// rules, the daily bulletin) are set from the configuration (several nodes setting the same
/// ids is harmless), and the audit and the risk rules are run once at once: the audit is the
/// reconciliation after a restart. A job switched off is removed, not left to run.
/// </summary>
internal sealed class JobSchedule(
    IRecurringJobManager recurring,
    IBackgroundJobClient jobs,
    IOptions<EscalationOptions> escalation,
    IOptions<BulletinOptions> bulletin,
    ILogger<JobSchedule> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var china = ChinaTimeZone();
        if (escalation.Value.Enabled)
        {
            recurring.AddOrUpdate<EscalationAuditJob>(RecurringJobIds.Audit, JobQueues.Escalation, job => job.RunAsync(CancellationToken.None), escalation.Value.AuditCron()!, new RecurringJobOptions { TimeZone = china });
            jobs.Enqueue<EscalationAuditJob>(JobQueues.Escalation, job => job.RunAsync(CancellationToken.None));
        }
        else
        {
            recurring.RemoveIfExists(RecurringJobIds.Audit);
        }

        recurring.AddOrUpdate<ReportTallyJob>(RecurringJobIds.ReportTallies, job => job.RunAsync(CancellationToken.None), "30 3 * * *", new RecurringJobOptions { TimeZone = china });
        recurring.AddOrUpdate<RiskJob>(RecurringJobIds.Risk, job => job.RunAsync(CancellationToken.None), "*/30 * * * *", new RecurringJobOptions { TimeZone = china });
        if (bulletin.Value.Enabled)
        {
            var at = bulletin.Value.Time;
            recurring.AddOrUpdate<BulletinJob>(RecurringJobIds.Bulletin, job => job.RunAsync(CancellationToken.None), $"{at.Minute} {at.Hour} * * *", new RecurringJobOptions { TimeZone = china });
        }
        else
        {
            recurring.RemoveIfExists(RecurringJobIds.Bulletin);
        }

        jobs.Enqueue<RiskJob>(job => job.RunAsync(CancellationToken.None));
        recurring.AddOrUpdate<Messaging.TextSweepJob>(RecurringJobIds.TextSweep, job => job.RunAsync(CancellationToken.None), "* * * * *", new RecurringJobOptions { TimeZone = china });
        logger.LogInformation("Timed jobs set: escalation audit {Audit}, risk every 30 min, bulletin {Bulletin}", escalation.Value.Enabled ? escalation.Value.AuditCron() : "off", bulletin.Value.Enabled ? bulletin.Value.At : "off");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>China Standard Time from the system's zone database (tzdata on Linux; .NET maps the Windows name too).</summary>
    private static TimeZoneInfo ChinaTimeZone() =>
        TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Shanghai", out var zone) ? zone
        : throw new InvalidOperationException("The time zone Asia/Shanghai is missing; install the Debian package tzdata.");
}
