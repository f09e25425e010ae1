using Dispatch.Domain.Common;

namespace Dispatch.Infrastructure.Persistence;

/// <summary>Receives the domain events of a committed save, in the order they were raised.</summary>
public interface IDomainEventPublisher
{
    Task PublishAsync(IReadOnlyList<IDomainEvent> events, CancellationToken cancellationToken);
}
