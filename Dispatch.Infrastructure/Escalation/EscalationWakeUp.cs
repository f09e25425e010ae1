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
}
