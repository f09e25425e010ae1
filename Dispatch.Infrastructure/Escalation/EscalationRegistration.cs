using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace Dispatch.Infrastructure.Escalation;

internal static class EscalationRegistration
{
    /// <summary>
    /// Timed escalation on Quartz: a persistent store in the app's own database (SQLite: one
    /// node; PostgreSQL: clustered, each trigger fired once across nodes), one durable job that
    /// wakes a whistle, and the audit job whose first run at start-up is the reconciliation.
    /// </summary>
    public static void AddEscalation(this IServiceCollection services, IConfiguration configuration, string defaultSqliteConnection)
    {
        services.AddOptions<EscalationOptions>()
            .Bind(configuration.GetSection(EscalationOptions.SectionName))
            .ValidateDataAnnotations()
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
        services.AddSingleton<IEscalationScheduler, QuartzEscalationScheduler>();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = "dispatch-escalation";

                // Every node needs its own id in a cluster; one is made from host name and time.
                scheduler.GenerateInstanceId = true;
                scheduler.IdleWaitTime = TimeSpan.FromSeconds(5);
            });
            quartz.UseDefaultThreadPool(escalation.Concurrency);
            if (escalation.PersistentStore)
            {
                quartz.UsePersistentStore(store =>
                {
                    store.UseSystemTextJsonSerializer();
                    store.ProvisionSchema();
                    if (database.Provider == DatabaseProvider.PostgreSql)
                    {
                        store.UsePostgres(connection);
                        store.UseClustering(c =>
                        {
                            c.CheckinInterval = TimeSpan.FromSeconds(5);
                            c.CheckinMisfireThreshold = TimeSpan.FromSeconds(15);
                        });
                    }
                    else
                    {
                        store.UseSqlite(connection);
                    }
                });
            }
            else
            {
                quartz.UseInMemoryStore();
            }

            var bulletin = configuration.GetSection(Reports.BulletinOptions.SectionName).Get<Reports.BulletinOptions>() ?? new Reports.BulletinOptions();
            if (bulletin.Enabled)
            {
                quartz.AddJob<Reports.BulletinJob>(job => job.WithIdentity(Reports.BulletinJob.JobKey).StoreDurably().RequestRecovery());
                quartz.AddTrigger(trigger => trigger.ForJob(Reports.BulletinJob.JobKey).WithIdentity("daily-bulletin", "reports").WithSchedule(Reports.BulletinJob.Schedule(bulletin)));
            }

            quartz.AddJob<Reports.RiskJob>(job => job.WithIdentity(Reports.RiskJob.JobKey).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(Reports.RiskJob.JobKey)
                .WithIdentity("risk-rules", "reports")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(30)).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            quartz.AddJob<EscalationJob>(job => job.WithIdentity(QuartzEscalationScheduler.JobKey).StoreDurably().RequestRecovery());
            quartz.AddJob<EscalationAuditJob>(job => job.WithIdentity(EscalationAuditJob.JobKey).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(EscalationAuditJob.JobKey)
                .WithIdentity("audit", "escalation")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(escalation.AuditInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        services.AddHostedService<EscalationScheduling>();
    }
}
