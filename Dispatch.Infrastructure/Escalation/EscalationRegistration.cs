using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Jobs;
using Dispatch.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dispatch.Infrastructure.Escalation;

internal static class EscalationRegistration
{
    /// <summary>
    /// Timed escalation and the app's other timed jobs on Hangfire (<see cref="JobsRegistration"/>);
    /// with <c>Escalation:Enabled</c> off nothing runs by itself and wake-ups are only recorded.
    /// </summary>
    public static void AddEscalation(this IServiceCollection services, IConfiguration configuration, string defaultSqliteConnection)
    {
        services.AddOptions<EscalationOptions>()
            .Bind(configuration.GetSection(EscalationOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.AuditCron() is not null, "Escalation:AuditInterval must be whole seconds dividing a minute (e.g. 00:00:10) or whole minutes dividing an hour (e.g. 00:05:00).")
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EscalationOptions>>().Value;
            return new WorkingCalendar(options.Holidays, options.MakeUpWorkdays);
        });
        services.AddSingleton<EscalationService>();
        services.AddSingleton<EscalationPolicies>();

        var escalation = configuration.GetSection(EscalationOptions.SectionName).Get<EscalationOptions>() ?? new EscalationOptions();
        if (!escalation.Enabled)
        {
            services.AddSingleton<ManualEscalationScheduler>();
            services.AddSingleton<IEscalationScheduler>(sp => sp.GetRequiredService<ManualEscalationScheduler>());
            return;
        }

        var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connection = string.IsNullOrWhiteSpace(database.ConnectionString) ? defaultSqliteConnection : database.ConnectionString;
        services.AddJobs(database.Provider, connection, escalation);
        services.AddSingleton<HangfireEscalationScheduler>();
        services.AddSingleton<IEscalationScheduler>(sp => sp.GetRequiredService<HangfireEscalationScheduler>());
        services.AddHostedService<EscalationScheduling>();
    }
}
