using Dispatch.Infrastructure.Escalation;
using Dispatch.Infrastructure.Jobs;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Reports;
using Dispatch.Infrastructure.ScaleOut;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Infrastructure;

/// <summary>
/// Every configuration section Infrastructure reads — Database, Escalation, Jobs, Bulletin,
/// Redis — bound and validated at start-up here and nowhere else. Services read them as
/// <c>IOptions&lt;T&gt;</c>; the registration takes its choices (which database, whether the
/// job server runs, whether escalation is timed, whether Redis is on) from this snapshot of
/// the same binding, so there is no second reading of the configuration.
/// </summary>
public sealed record InfrastructureSettings(DatabaseOptions Database, EscalationOptions Escalation, JobsOptions Jobs, BulletinOptions Bulletin, RedisSettings Redis)
{
    public static InfrastructureSettings Bind(IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.Provider != DatabaseProvider.PostgreSql || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:ConnectionString is required when Database:Provider is PostgreSql.")
            .Validate(o => Enum.IsDefined(o.Provider), "Database:Provider must be Sqlite or PostgreSql.")
            .PostConfigure(o => Anchor(o, contentRoot))
            .ValidateOnStart();
        services.AddOptions<EscalationOptions>()
            .Bind(configuration.GetSection(EscalationOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.AuditCron() is not null, "Escalation:AuditInterval must be whole seconds dividing a minute (e.g. 00:00:10) or whole minutes dividing an hour (e.g. 00:05:00).")
            .ValidateOnStart();
        services.AddOptions<JobsOptions>()
            .Bind(configuration.GetSection(JobsOptions.SectionName))
            .Validate<Microsoft.Extensions.Options.IOptions<EscalationOptions>>((jobs, escalation) => jobs.Enabled || !escalation.Value.Enabled,
                "Escalation:Enabled needs Jobs:Enabled: timed escalation runs on the job server. Turn both off to drive escalation by hand.")
            .ValidateOnStart();
        services.AddOptions<BulletinOptions>()
            .Bind(configuration.GetSection(BulletinOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var settings = new InfrastructureSettings(
            Anchor(configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions(), contentRoot),
            configuration.GetSection(EscalationOptions.SectionName).Get<EscalationOptions>() ?? new EscalationOptions(),
            configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions(),
            configuration.GetSection(BulletinOptions.SectionName).Get<BulletinOptions>() ?? new BulletinOptions(),
            configuration.GetSection(RedisSettings.SectionName).Get<RedisSettings>() ?? new RedisSettings());
        services.AddSingleton(settings);
        return settings;
    }

    /// <summary>The settings <see cref="Bind"/> registered, for the web project's own registration (the hub backplane follows Redis).</summary>
    public static InfrastructureSettings Of(IServiceCollection services) =>
        services.LastOrDefault(d => d.ServiceType == typeof(InfrastructureSettings))?.ImplementationInstance as InfrastructureSettings
        ?? throw new InvalidOperationException("AddDispatchInfrastructure must run before this registration.");

    /// <summary>The embedded database file lives under the content root unless the connection string says otherwise.</summary>
    private static DatabaseOptions Anchor(DatabaseOptions options, string contentRoot)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            options.ConnectionString = DatabaseOptions.SqliteConnectionString(options.ConnectionString, contentRoot);
        }

        return options;
    }
}
