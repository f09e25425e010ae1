using Dispatch.Infrastructure.Persistence;

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

/// <summary>Turns committed domain events into notices, for the components and for the hub groups.</summary>
public sealed class NoticeRelay(InProcessEventBus bus, LiveNotices live, HubNotifier hub) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.Subscribe(async (domainEvent, _) =>
        {
            if (DispatchNotice.From(domainEvent) is { } notice)
            {
                await live.PublishAsync(notice);
                await hub.SendAsync(notice);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
