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
/// Redis, Sms — bound and validated at start-up here and nowhere else. Services read them as
/// <c>IOptions&lt;T&gt;</c>; the registration takes its choices (which database, whether the
/// job server runs, whether escalation is timed, whether Redis is on) from this snapshot of
/// the same binding, so there is no second reading of the configuration.
/// </summary>
public sealed record InfrastructureSettings(DatabaseOptions Database, EscalationOptions Escalation, JobsOptions Jobs, BulletinOptions Bulletin, RedisSettings Redis, Messaging.SmsOptions Sms)
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
        services.AddOptions<Messaging.SmsOptions>()
            .Bind(configuration.GetSection(Messaging.SmsOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => Enum.IsDefined(o.Provider), "Sms:Provider 须为 Log、Http 或 Aliyun。")
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                "Sms:PublicBaseUrl 须为完整的 http(s) 地址，例如 https://dispatch.example.gov.cn：短信中的链接以它开头。")
            .Validate(o => o.PerPhoneWindow > TimeSpan.Zero && o.PerPhoneWindow <= TimeSpan.FromDays(1), "Sms:PerPhoneWindow 应在 00:00:01 到 1.00:00:00 之间。")
            .Validate(o => o.Provider != Messaging.SmsProvider.Http || (Uri.TryCreate(o.Http.Url, UriKind.Absolute, out var gateway) && gateway.Scheme is "http" or "https" && !string.IsNullOrWhiteSpace(o.Http.Token)),
                "Sms:Provider=Http 需要 Sms:Http:Url（完整的 http(s) 地址）和 Sms:Http:Token。")
            .Validate(o => o.Provider != Messaging.SmsProvider.Aliyun || (!string.IsNullOrWhiteSpace(o.Aliyun.AccessKeyId) && !string.IsNullOrWhiteSpace(o.Aliyun.AccessKeySecret)),
                "Sms:Provider=Aliyun 需要 Sms:Aliyun:AccessKeyId 和 Sms:Aliyun:AccessKeySecret。")
            .Validate(o => o.Provider != Messaging.SmsProvider.Aliyun || Enum.GetNames<Domain.Messaging.TextPurpose>().All(p => o.Aliyun.Templates.ContainsKey(p)),
                $"Sms:Provider=Aliyun 需要每种短信的模板：Sms:Aliyun:Templates 下的 {string.Join("、", Enum.GetNames<Domain.Messaging.TextPurpose>())}。")
            .ValidateOnStart();

        var settings = new InfrastructureSettings(
            Anchor(configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions(), contentRoot),
            configuration.GetSection(EscalationOptions.SectionName).Get<EscalationOptions>() ?? new EscalationOptions(),
            configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions(),
            configuration.GetSection(BulletinOptions.SectionName).Get<BulletinOptions>() ?? new BulletinOptions(),
            configuration.GetSection(RedisSettings.SectionName).Get<RedisSettings>() ?? new RedisSettings(),
            configuration.GetSection(Messaging.SmsOptions.SectionName).Get<Messaging.SmsOptions>() ?? new Messaging.SmsOptions());
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
