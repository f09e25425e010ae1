namespace Dispatch.Domain.Cases;

/// <summary>A follow-up call (回访) and the citizen's satisfaction.</summary>
public sealed record FollowUp(int Sequence, DateTimeOffset At, Satisfaction Satisfaction, string? Note, string ActorName);
