using System.Collections.Concurrent;
using Dispatch.Domain.Common;
using Dispatch.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Tests.Escalation;

/// <summary>
/// One app node for escalation tests: the real infrastructure with Quartz (persistent store in
/// the given database, clustered on PostgreSQL), run by a generic host on the real clock. It
/// records every domain event its commits publish, so a test can count urges per node.
/// </summary>
internal sealed class EscalationHost : IAsyncDisposable
{
    private readonly IHost _host;

    private EscalationHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public ConcurrentBag<IDomainEvent> Published { get; } = [];

    public static async Task<EscalationHost> StartAsync(DatabaseProvider provider, string connectionString, string instance, TimeSpan? auditInterval = null)
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
            ["Escalation:PersistentStore"] = "true",
            ["Escalation:AuditInterval"] = (auditInterval ?? TimeSpan.FromMinutes(10)).ToString(),
        });
        builder.Services.AddDispatchInfrastructure(builder.Configuration, Path.GetTempPath());
        var host = builder.Build();
        var node = new EscalationHost(host);
        host.Services.GetRequiredService<InProcessEventBus>().Subscribe((e, _) =>
        {
            node.Published.Add(e);
            return Task.CompletedTask;
        });
        await host.StartAsync();
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }
}
