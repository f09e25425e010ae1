namespace Dispatch.Infrastructure.Escalation;

/// <summary>Wakes the escalation of a whistle at a moment; one pending wake-up per whistle.</summary>
public interface IEscalationScheduler
{
    /// <summary>Sets (or moves) the whistle's wake-up; <c>null</c> removes it.</summary>
    Task ScheduleAsync(Guid whistleId, DateTimeOffset? at, CancellationToken cancellationToken);

    /// <summary>When the whistle's wake-up is set for, if it is.</summary>
    Task<DateTimeOffset?> ScheduledAtAsync(Guid whistleId, CancellationToken cancellationToken);
}
