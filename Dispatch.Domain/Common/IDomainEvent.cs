namespace Dispatch.Domain.Common;

/// <summary>Something that happened in the domain, raised by an aggregate and published after the commit.</summary>
public interface IDomainEvent
{
    DateTimeOffset OccurredAt { get; }
}
