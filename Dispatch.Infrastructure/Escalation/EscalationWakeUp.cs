namespace Dispatch.Infrastructure.Escalation;

/// <summary>
/// The pending Hangfire job that wakes a whistle's escalation, kept with the whistle (one row
/// per whistle): moving or cancelling the wake-up deletes exactly that job.
/// </summary>
public sealed class EscalationWakeUp
{
    public Guid WhistleId { get; set; }

    public required string JobId { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>
    /// Two wake-up moments are the same when they differ by less than a millisecond: PostgreSQL
    /// keeps microseconds, .NET ticks of 100 ns, so a stored moment read back is not bit-equal.
    /// </summary>
    public static bool SameMoment(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null || b is null ? a is null && b is null : (a.Value - b.Value).Duration() < TimeSpan.FromMilliseconds(1);
}
