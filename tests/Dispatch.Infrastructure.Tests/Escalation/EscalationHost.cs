using System.Collections.Concurrent;
using Dispatch.Domain.Common;
using Dispatch.Infrastructure.Persistence;
using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Tests.Escalation;

/// <summary>
/// One app node for escalation tests: the real infrastructure with a real Hangfire server (job
/// storage beside the SQLite file, or in the shared PostgreSQL database), run by a generic host
/// on the real clock unless given another. It records every domain event its commits publish,
/// so a test can count urges per node.
/// </summary>
internal sealed class EscalationHost : IAsyncDisposable
{
    private readonly IHost _host;

    private EscalationHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public ConcurrentBag<IDomainEvent> Published { get; } = [];

    public static async Task<EscalationHost> StartAsync(DatabaseProvider provider, string connectionString, string instance, TimeSpan? auditInterval = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["Database:ConnectionString"] = connectionString,
            ["Database:SeedDemoData"] = "false",
            ["Escalation:Enabled"] = "true",
            ["Escalation:AuditInterval"] = (auditInterval ?? TimeSpan.FromMinutes(10)).ToString(),
        });
        builder.Services.AddDispatchInfrastructure(builder.Configuration, Path.GetTempPath());
        services?.Invoke(builder.Services);
        var host = builder.Build();
        var node = new EscalationHost(host);
        host.Services.GetRequiredService<InProcessEventBus>().Subscribe((e, _) =>
        {
            node.Published.Add(e);
            return Task.CompletedTask;
        });
        await host.StartAsync();

        // The start-up audit and risk run come first, so a test's own steps never race them.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!node.Idle() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return node;
    }

    public IBackgroundJobClient Jobs => Services.GetRequiredService<IBackgroundJobClient>();

    /// <summary>The Hangfire state of a job (Scheduled, Enqueued, Processing, Succeeded, Deleted …), read from the storage.</summary>
    public string? StateOf(string jobId)
    {
        using var connection = Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }

    /// <summary>How many times the job has succeeded so far (each requeue that ran adds one).</summary>
    public int SucceededRuns(string jobId) =>
        Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId)?.History.Count(h => h.StateName == "Succeeded") ?? 0;

    /// <summary>Nothing scheduled, enqueued or running: every job this storage holds has finished.</summary>
    public bool Idle()
    {
        var monitoring = Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return monitoring.ScheduledCount() == 0 && monitoring.ProcessingCount() == 0
            && monitoring.Queues().All(q => q.Length == 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }
}
