using Dispatch.Infrastructure.Escalation;
using Dispatch.Infrastructure.Jobs;
using Dispatch.TestSupport;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dispatch.Infrastructure.Tests.Jobs;

/// <summary>
/// Escalation and the other timed jobs are switched separately: with escalation driven by hand
/// the risk rules and the daily bulletin still run on the job server; escalation cannot be timed
/// without a job server, and the start says so.
/// </summary>
public class JobSwitchTests
{
    [Fact]
    public async Task EscalationOff_LeavesTheRiskAndBulletinJobsScheduled_AndRemovesTheAudit()
    {
        var folder = Directory.CreateTempSubdirectory("dispatch-jobs-");
        try
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:ConnectionString"] = $"Data Source={Path.Combine(folder.FullName, "dispatch.db")}",
                ["Database:SeedDemoData"] = "false",
                ["Escalation:Enabled"] = "false",
                ["Jobs:Enabled"] = "true",
            });
            builder.Services.AddDispatchInfrastructure(builder.Configuration, folder.FullName);
            using var host = builder.Build();
            var services = host.Services;
            var storage = services.GetRequiredService<JobStorage>();
            services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<EscalationAuditJob>(RecurringJobIds.Audit, job => job.RunAsync(CancellationToken.None), "* * * * *");

            var hosted = services.GetServices<IHostedService>().ToList();
            await hosted.Single(s => s.GetType().Name == "JobSchedule").StartAsync(CancellationToken.None);

            using (var connection = storage.GetConnection())
            {
                connection.GetRecurringJobs().Select(j => j.Id).Order().ShouldBe([RecurringJobIds.Bulletin, RecurringJobIds.ReportTallies, RecurringJobIds.Risk, RecurringJobIds.TextSweep]);
            }

            hosted.ShouldContain(s => s.GetType().Name == "JobServer");
            hosted.ShouldNotContain(s => s is EscalationScheduling);
            services.GetRequiredService<IEscalationScheduler>().ShouldBeOfType<ManualEscalationScheduler>();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task EscalationOn_WithoutAJobServer_IsRefusedAtStart()
    {
        await using var database = TestDatabase.Sqlite(settings: new Dictionary<string, string?>
        {
            ["Escalation:Enabled"] = "true",
            ["Jobs:Enabled"] = "false",
        });

        var refused = Should.Throw<OptionsValidationException>(() => database.Services.GetRequiredService<IOptions<JobsOptions>>().Value);

        refused.Message.ShouldContain("Escalation:Enabled needs Jobs:Enabled");
    }

    [Fact]
    public async Task JobsOff_RunNoJobServer()
    {
        await using var database = TestDatabase.Sqlite();

        database.Services.GetService<JobStorage>().ShouldBeNull();
        database.Services.GetServices<IHostedService>().ShouldNotContain(s => s.GetType().Name == "JobSchedule");
    }
}
