using System.Buffers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Dispatch.Web.Realtime;

/// <summary>
/// Walks the path of a notice once as soon as the app has started, so the first whistle after a
/// start-up does not pay for it: the audience's queries (EF Core compiles each on first use), the
/// typed hub client (SignalR builds its proxy on first use) and the notice's serialization in
/// each of the hub's protocols, written once to a connection. The hub benchmark measured the
/// first whistle at 2.3× a bare hub's without it; while the protocols were looked up in the
/// hub's own options (empty unless set for the hub) and none was walked, the first send built
/// the notice's JSON metadata: 185 methods compiled, ~18 ms. It reads nothing it keeps and sends
/// only to a group nobody can join.
/// </summary>
public sealed class HubWarmUp(
    IHostApplicationLifetime lifetime,
    NoticeAudience audience,
    IHubContext<DispatchHub, IDispatchClient> hub,
    IHubProtocolResolver protocols,
    Microsoft.Extensions.Options.IOptions<HubOptions<DispatchHub>> options,
    HubLifetimeManager<DispatchHub> lifetimeManager,
    Microsoft.Extensions.Options.IOptions<HubOptions> globalOptions,
    ILoggerFactory loggerFactory,
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

    /// <summary>Walks the path once; the protocols it walked, or none (and a warning in the log) when a step failed.</summary>
    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var notice = new DispatchNotice(NoticeKind.WhistleBlown, Guid.Empty, null, Guid.NewGuid(), null, [Guid.NewGuid()], string.Empty, clock.GetUtcNow());
            await audience.AddressAsync(notice, cancellationToken);
            var addressed = await audience.AddressAsync(notice with { CaseId = Guid.NewGuid() }, cancellationToken);
            // The dispatch hub's protocols only: the resolver also holds Blazor's circuit protocol.
            // A hub's own list is empty unless set for it, and then the global one applies.
            var supported = options.Value.SupportedProtocols is { Count: > 0 } own ? own : globalOptions.Value.SupportedProtocols ?? [];
            var walked = protocols.AllProtocols.Where(p => supported.Contains(p.Name)).ToList();
            foreach (var protocol in walked)
            {
                protocol.WriteMessage(new InvocationMessage(nameof(IDispatchClient.Notice), [addressed]), new ArrayBufferWriter<byte>());
            }

            await hub.Clients.Groups([Group]).Notice(addressed);
            foreach (var protocol in walked)
            {
                await SendThroughConnectionAsync(protocol, addressed, cancellationToken);
            }

            return [.. walked.Select(p => p.Name)];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the first whistle is slower for it.
            logger.LogWarning(ex, "Warming up the notice path failed");
            return [];
        }
    }

    /// <summary>
    /// A send to a group with a connection in it takes a path that a send to an empty group does
    /// not: the lifetime manager's per-connection write, the serialized-message cache and the
    /// transport's pipe. The first whistle paid ~18 ms for it. An in-memory connection, joined to
    /// the warm-up group for the send and gone after it, walks that path once per protocol.
    /// </summary>
    private async Task SendThroughConnectionAsync(IHubProtocol protocol, DispatchNotice notice, CancellationToken cancellationToken)
    {
        var fromServer = new System.IO.Pipelines.Pipe();
        var toServer = new System.IO.Pipelines.Pipe();
        var connection = new Microsoft.AspNetCore.Connections.DefaultConnectionContext($"warm-up-{Guid.NewGuid():N}", new Duplex(toServer.Reader, fromServer.Writer), new Duplex(fromServer.Reader, toServer.Writer));
        var context = new HubConnectionContext(connection, new HubConnectionContextOptions { KeepAliveInterval = TimeSpan.FromMinutes(1), ClientTimeoutInterval = TimeSpan.FromMinutes(1) }, loggerFactory) { Protocol = protocol };
        await lifetimeManager.OnConnectedAsync(context);
        try
        {
            await lifetimeManager.AddToGroupAsync(context.ConnectionId, Group, cancellationToken);
            await hub.Clients.Groups([Group]).Notice(notice);
            // With a backplane the send comes back through Redis: wait for it, not for ever.
            var read = await fromServer.Reader.ReadAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            fromServer.Reader.AdvanceTo(read.Buffer.End);
        }
        finally
        {
            await lifetimeManager.RemoveFromGroupAsync(context.ConnectionId, Group, CancellationToken.None);
            await lifetimeManager.OnDisconnectedAsync(context);
            await fromServer.Writer.CompleteAsync();
            await toServer.Writer.CompleteAsync();
        }
    }

    private sealed class Duplex(System.IO.Pipelines.PipeReader input, System.IO.Pipelines.PipeWriter output) : System.IO.Pipelines.IDuplexPipe
    {
        public System.IO.Pipelines.PipeReader Input => input;

        public System.IO.Pipelines.PipeWriter Output => output;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _running.WaitAsync(cancellationToken);
}
