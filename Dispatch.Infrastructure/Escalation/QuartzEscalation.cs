using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Dispatch.Infrastructure.Escalation;

/// <summary>One Quartz trigger per open whistle, firing <see cref="EscalationJob"/> at its next step.</summary>
public sealed class QuartzEscalationScheduler(ISchedulerFactory schedulers) : IEscalationScheduler
{
    public static readonly JobKey JobKey = new("escalate", "escalation");

    public static TriggerKey TriggerKey(Guid whistleId) => new($"whistle-{whistleId:N}", "escalation");

    public async Task ScheduleAsync(Guid whistleId, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var key = TriggerKey(whistleId);
        if (at is null)
        {
            await scheduler.UnscheduleJob(key, cancellationToken);
            return;
        }

        var existing = await scheduler.GetTrigger(key, cancellationToken);
        if (existing?.StartTimeUtc == at.Value.ToUniversalTime())
        {
            return;
        }

        // Fire late rather than never: a misfired wake-up runs as soon as the scheduler can.
        var trigger = TriggerBuilder.Create()
            .WithIdentity(key)
            .ForJob(JobKey)
            .UsingJobData(EscalationJob.WhistleIdKey, whistleId.ToString())
            .StartAt(at.Value)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();

        // Replace: another node or thread may have set it a moment ago; the latest answer wins.
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, cancellationToken);
    }

    public async Task<DateTimeOffset?> ScheduledAtAsync(Guid whistleId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return (await scheduler.GetTrigger(TriggerKey(whistleId), cancellationToken))?.StartTimeUtc;
    }
}

/// <summary>Wakes the escalation of one whistle. Safe to run twice, late or after the summons moved on.</summary>
public sealed class EscalationJob(EscalationService escalation) : IJob
{
    public const string WhistleIdKey = "whistleId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var whistleId = Guid.Parse(context.MergedJobDataMap.GetString(WhistleIdKey)!);
        await escalation.EscalateAsync(whistleId, cancellationToken);
    }
}

/// <summary>The periodic audit; its first run, at start-up, is the reconciliation.</summary>
[DisallowConcurrentExecution]
public sealed class EscalationAuditJob(EscalationService escalation) : IJob
{
    public static readonly JobKey JobKey = new("audit", "escalation");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await escalation.AuditAsync(cancellationToken);
}

/// <summary>
/// After a user changes a whistle (blown, acknowledged, on site, reported, declined, settled,
/// closed), its wake-up moves to the next step, or goes when nothing is left to escalate.
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
