using Dispatch.Domain.Presence;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Presence;

namespace Dispatch.Web.Realtime;

/// <summary>
/// The in-process stream of notices that Blazor components subscribe to (they never dial the
/// app's own hub). Fed after each commit from the domain event bus; the hub relay is one
/// more subscriber. A subscriber that throws is cut off from nothing but its own notice.
/// </summary>
public sealed class LiveNotices(ILogger<LiveNotices> logger)
{
    private readonly Lock _gate = new();
    private IReadOnlyList<Func<DispatchNotice, Task>> _subscribers = [];

    public IDisposable Subscribe(Func<DispatchNotice, Task> subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscriber];
        }

        return new Subscription(() =>
        {
            lock (_gate)
            {
                _subscribers = [.. _subscribers.Where(s => s != subscriber)];
            }
        });
    }

    public int SubscriberCount => _subscribers.Count;

    public async Task PublishAsync(DispatchNotice notice)
    {
        foreach (var subscriber in _subscribers)
        {
            try
            {
                await subscriber(notice);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A live subscriber failed on {Kind}", notice.Kind);
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}

/// <summary>
/// Turns committed domain events into notices and delivers them to this node's pages, to the
/// hub groups (the SignalR backplane carries them to hub clients on every node) and through the
/// fan-out to the other nodes' pages; notices from other nodes reach this node's pages the same
/// way. A duty change first re-reads who is on duty for this node's terminals (their beats or
/// leaves), then is announced, so pages never read the board before it.
/// </summary>
public sealed class NoticeRelay(InProcessEventBus bus, LiveNotices live, HubNotifier hub, INoticeFanOut fanOut, PresenceTracker presence, NoticeAudience audience, TimeProvider clock, ILogger<NoticeRelay> logger) : IHostedService
{
    private IDisposable? _subscription;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await fanOut.StartAsync(
            async notice =>
            {
                if (notice.Kind == NoticeKind.DutyChanged)
                {
                    await RefreshPresenceAsync(() => presence.RefreshDepartmentsAsync(notice.DepartmentIds), string.Join(",", notice.DepartmentIds));
                }

                // Only pages: the node that committed it has already sent it to every hub client.
                await live.PublishAsync(notice);
            },
            ResyncAsync,
            cancellationToken);
        _subscription = bus.Subscribe(async (domainEvent, token) =>
        {
            // The board must show the change before any page is told to re-read it.
            if (domainEvent is DutyChanged changed)
            {
                await RefreshPresenceAsync(() => presence.RefreshAsync([changed.StaffId], token), changed.StaffId.ToString());
            }

            if (DispatchNotice.From(domainEvent) is { } found)
            {
                var notice = await audience.AddressAsync(found, token);
                await DeliverAsync(notice);
                await fanOut.PublishAsync(notice, token);
            }
        }, first: true);
    }

    /// <summary>Re-reads duty before a DutyChanged notice goes out, from this node or another; a failure never stops the notice.</summary>
    private async Task RefreshPresenceAsync(Func<Task> refresh, string who)
    {
        try
        {
            await refresh();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The notice still goes out; the tracker's minute re-read heals the board.
            logger.LogWarning(ex, "Re-reading the duty of {Who} failed", who);
        }
    }

    private async Task DeliverAsync(DispatchNotice notice)
    {
        await live.PublishAsync(notice);
        try
        {
            await hub.SendAsync(notice);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The backplane is down with Redis; hub clients are told to refetch when it is back.
            logger.LogWarning("Notice {Kind} not sent to hub clients: {Error}", notice.Kind, ex.Message);
        }
    }

    /// <summary>
    /// After a Redis outage: this node's pages refetch at once; hub clients as soon as the
    /// backplane can publish again (its command connection may come back a moment after the
    /// subscription that announced the end of the outage).
    /// </summary>
    private async Task ResyncAsync()
    {
        var notice = DispatchNotice.Resync(clock.GetUtcNow());
        await live.PublishAsync(notice);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await hub.SendAsync(notice);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < 40)
            {
                logger.LogDebug("Resync to hub clients waits for Redis ({Error})", ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await fanOut.StopAsync();
    }
}
