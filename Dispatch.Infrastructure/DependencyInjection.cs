using Dispatch.Infrastructure.Escalation;
using Dispatch.Infrastructure.Messaging;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.Whistles;
using Dispatch.Infrastructure.Persistence.Seeding;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Infrastructure;

public static class DependencyInjection
{
    /// <summary>
    /// The database (SQLite by default, PostgreSQL by configuration), the event bus, the clock
    /// and the health check. <paramref name="contentRoot"/> anchors the embedded database file.
    /// </summary>
    public static IServiceCollection AddDispatchInfrastructure(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var settings = InfrastructureSettings.Bind(services, configuration, contentRoot);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<InProcessEventBus>();
        services.AddSingleton<IDomainEventPublisher>(sp => sp.GetRequiredService<InProcessEventBus>());
        services.AddSingleton<AggregateSaveInterceptor>();
        services.AddDbContextFactory<DispatchDbContext>((sp, options) =>
            Configure(options, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value)
                .AddInterceptors(sp.GetRequiredService<AggregateSaveInterceptor>()));

        services.AddSingleton<WriteGate>();
        services.AddSingleton<CenterDirectory>();
        services.AddSingleton<UnitOfWork>();
        services.AddSingleton<DemoDataSeeder>();
        services.AddSingleton<DispatchQueries>();
        services.AddSingleton<WallQueries>();
        services.AddSingleton<ReportQueries>();
        services.AddSingleton<RiskQueries>();
        services.AddSingleton<StaffDirectory>();
        services.AddSingleton<SignInSessions>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<CenterScopes>();
        services.AddSingleton<WhistleCommands>();
        services.AddSingleton<Cases.CaseIntakeCommands>();
        services.AddSingleton<Cases.CaseCommands>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<Reports.BulletinService>();
        services.AddSingleton<Reports.RiskService>();
        services.AddSingleton<Reports.ReportTallyBuilder>();
        services.AddSingleton<Reports.IBulletinSender, Reports.LogBulletinSender>();
        if (settings.Bulletin.Smtp.Configured)
        {
            services.AddSingleton<Reports.IBulletinSender, Reports.SmtpBulletinSender>();
        }

        services.AddMessaging(settings);
        services.AddPresence(settings.Redis);
        services.AddEscalation(settings);
        services.AddHealthChecks().AddDbContextCheck<DispatchDbContext>("database");
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>Provider set-up shared by the app and the tests.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseOptions database)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(database);
        _ = database.Provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(database.ConnectionString, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)),
            DatabaseProvider.PostgreSql => options.UseNpgsql(database.ConnectionString, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)),
            _ => throw new InvalidOperationException($"Unknown database provider {database.Provider}."),
        };

        // Migrations are hand-written (the EF design package is not available here); the
        // schema-drift test is what proves they match the model, not EF's snapshot check.
        // A failed command or save is reported by whoever catches it: the unit of work retries the
        // conflicts it expects (logged at Information), anything else reaches the error handler
        // with a reference number. EF's own Error lines for them would only be noise or doubles.
        return options.ConfigureWarnings(w => w
            .Ignore(RelationalEventId.PendingModelChangesWarning)
            .Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug)));
    }
}
