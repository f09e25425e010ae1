using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Escalation;

/// <summary>
/// After a user changes a whistle (blown, acknowledged, on site, reported, declined, settled,
/// closed), its pending wake-up is deleted and the next step scheduled, or none when nothing is
/// left to escalate.
/// </summary>
public sealed class EscalationScheduling(InProcessEventBus bus, EscalationService escalation, ILogger<EscalationScheduling> logger) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.Subscribe(async (domainEvent, token) =>
        {
            if (domainEvent is IWhistleEvent change and not (EscalationStepTaken or UrgeSent))
            {
                try
                {
                    await escalation.ScheduleAsync(change.WhistleId, token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The audit restores it; the user's action has already been saved.
                    logger.LogWarning(ex, "Could not set the escalation wake-up of whistle {Whistle}", change.WhistleId);
                }
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
