namespace Dispatch.Domain.Cases;

/// <summary>One line of a case's timeline: who did what, when. Entries are never changed or removed.</summary>
public sealed record TimelineEntry(int Sequence, DateTimeOffset At, Guid? ActorId, string ActorName, string Action, string? Note);
