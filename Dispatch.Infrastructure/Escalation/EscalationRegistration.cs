using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dispatch.Infrastructure.Escalation;

internal static class EscalationRegistration
{
    /// <summary>
    /// The job server (<see cref="JobsRegistration"/>) when <c>Jobs:Enabled</c>, and escalation:
    /// timed on it when <c>Escalation:Enabled</c>, else its wake-ups are only recorded and tests
    /// drive it by hand. Turning escalation off leaves the other timed jobs running.
    /// </summary>
    public static void AddEscalation(this IServiceCollection services, InfrastructureSettings settings)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EscalationOptions>>().Value;
            return new WorkingCalendar(options.Holidays, options.MakeUpWorkdays);
        });
        services.AddSingleton<EscalationService>();
        services.AddSingleton<EscalationPolicies>();
        if (settings.Jobs.Enabled)
        {
            services.AddJobs(settings.Database.Provider, settings.Database.ConnectionString!, settings.Escalation);
        }

        if (!settings.Jobs.Enabled || !settings.Escalation.Enabled)
        {
            services.AddSingleton<ManualEscalationScheduler>();
            services.AddSingleton<IEscalationScheduler>(sp => sp.GetRequiredService<ManualEscalationScheduler>());
            return;
        }

        services.AddSingleton<HangfireEscalationScheduler>();
        services.AddSingleton<IEscalationScheduler>(sp => sp.GetRequiredService<HangfireEscalationScheduler>());
        services.AddHostedService<EscalationScheduling>();
    }
}
