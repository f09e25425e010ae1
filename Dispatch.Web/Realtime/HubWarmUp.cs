using System.Buffers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Dispatch.Web.Realtime;

/// <summary>
/// Walks the path of a notice once as soon as the app has started, so the first whistle after a
/// start-up does not pay for it: the audience's queries (EF Core compiles each on first use), the
/// typed hub client (SignalR builds its proxy on first use) and the notice's serialization in
/// each of the hub's protocols. The hub benchmark measured the first whistle at 2.3× a bare hub's without
/// it. It reads nothing it keeps and sends only to a group nobody can join.
/// </summary>
public sealed class HubWarmUp(
    IHostApplicationLifetime lifetime,
    NoticeAudience audience,
    IHubContext<DispatchHub, IDispatchClient> hub,
    IHubProtocolResolver protocols,
    Microsoft.Extensions.Options.IOptions<HubOptions<DispatchHub>> options,
    TimeProvider clock,
    ILogger<HubWarmUp> logger) : IHostedService
{
    /// <summary>Not a valid group of <see cref="DispatchHub"/>: nobody is ever in it.</summary>
    public const string Group = "warm-up";

    private Task _running = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _running = Task.Run(() => RunAsync(lifetime.ApplicationStopping)));
        return Task.CompletedTask;
    }

    /// <summary>Walks the path once; false (and a warning in the log) when a step failed.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var notice = new DispatchNotice(NoticeKind.WhistleBlown, Guid.Empty, null, Guid.NewGuid(), null, [Guid.NewGuid()], string.Empty, clock.GetUtcNow());
            await audience.AddressAsync(notice, cancellationToken);
            var addressed = await audience.AddressAsync(notice with { CaseId = Guid.NewGuid() }, cancellationToken);
            // The dispatch hub's own protocols only: the resolver also holds Blazor's circuit protocol.
            var supported = options.Value.SupportedProtocols ?? [];
            foreach (var protocol in protocols.AllProtocols.Where(p => supported.Contains(p.Name)))
            {
                protocol.WriteMessage(new InvocationMessage(nameof(IDispatchClient.Notice), [addressed]), new ArrayBufferWriter<byte>());
            }

            await hub.Clients.Groups([Group]).Notice(addressed);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the first whistle is slower for it.
            logger.LogWarning(ex, "Warming up the notice path failed");
            return false;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _running.WaitAsync(cancellationToken);
}
