using Dispatch.Domain.Common;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Persistence;

/// <summary>
/// Fans committed domain events out to in-process subscribers (Blazor components, the hub
/// bridge). A failing subscriber is logged and never blocks the others or the writer.
/// </summary>
public sealed class InProcessEventBus(ILogger<InProcessEventBus> logger) : IDomainEventPublisher
{
    private readonly Lock _gate = new();
    private ImmutableSubscribers _subscribers = new([]);

    /// <param name="first">
    /// Called before the subscribers already there: the live notices to people (the hub, the
    /// pages) go out before the bookkeeping that follows a change (escalation wake-ups, texts),
    /// which would otherwise sit between the commit and the terminals' alarm.
    /// </param>
    public IDisposable Subscribe(Func<IDomainEvent, CancellationToken, Task> handler, bool first = false)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _subscribers = first ? new([handler, .. _subscribers.Handlers]) : new([.. _subscribers.Handlers, handler]);
        }

        return new Subscription(this, handler);
    }

    public int SubscriberCount => _subscribers.Handlers.Count;

    public async Task PublishAsync(IReadOnlyList<IDomainEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var handlers = _subscribers.Handlers;
        foreach (var domainEvent in events)
        {
            foreach (var handler in handlers)
            {
                try
                {
                    await handler(domainEvent, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "A subscriber failed on {Event}", domainEvent.GetType().Name);
                }
            }
        }
    }

    private void Unsubscribe(Func<IDomainEvent, CancellationToken, Task> handler)
    {
        lock (_gate)
        {
            _subscribers = new([.. _subscribers.Handlers.Where(h => h != handler)]);
        }
    }

    private sealed record ImmutableSubscribers(IReadOnlyList<Func<IDomainEvent, CancellationToken, Task>> Handlers);

    private sealed class Subscription(InProcessEventBus bus, Func<IDomainEvent, CancellationToken, Task> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                bus.Unsubscribe(handler);
            }
        }
    }
}
