using System.Collections.Concurrent;

namespace Dispatch.Infrastructure.Escalation;

/// <summary>
/// The wake-ups kept in a dictionary and nothing fires them: used when <c>Escalation:Enabled</c>
/// is off (tests that drive escalation by hand, tools).
/// </summary>
public sealed class ManualEscalationScheduler : IEscalationScheduler
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _wakeUps = new();

    public IReadOnlyDictionary<Guid, DateTimeOffset> WakeUps => _wakeUps;

    public Task ScheduleAsync(Guid whistleId, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        if (at is { } moment)
        {
            _wakeUps[whistleId] = moment;
        }
        else
        {
            _wakeUps.TryRemove(whistleId, out _);
        }

        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> ScheduledAtAsync(Guid whistleId, CancellationToken cancellationToken) =>
        Task.FromResult(_wakeUps.TryGetValue(whistleId, out var at) ? at : (DateTimeOffset?)null);
}
