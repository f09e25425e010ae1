using System.Threading.Channels;
using Dispatch.Domain.Common;
using Dispatch.Domain.Reports;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Messaging;

internal static class MessagingRegistration
{
    /// <summary>
    /// The provider <c>Sms:Provider</c> names, planning, delivery (on the job server when it runs)
    /// and the trigger that plans after each commit.
    /// </summary>
    public static void AddMessaging(this IServiceCollection services, InfrastructureSettings settings)
    {
        _ = settings.Sms.Provider switch
        {
            SmsProvider.Http => services.AddSingleton<ISmsSender, HttpSmsSender>(),
            SmsProvider.Aliyun => services.AddSingleton<ISmsSender, AliyunSmsSender>(),
            _ => services.AddSingleton<ISmsSender, LogSmsSender>(),
        };
        services.AddSingleton<TextPlanner>();
        services.AddSingleton<TextDelivery>();
        services.AddSingleton<TextInbox>();
        if (settings.Jobs.Enabled)
        {
            services.AddSingleton<ITextDispatch, HangfireTextDispatch>();
        }
        else
        {
            services.AddSingleton<ManualTextDispatch>();
            services.AddSingleton<ITextDispatch>(sp => sp.GetRequiredService<ManualTextDispatch>());
        }

        services.AddSingleton<TextTriggers>();
        services.AddHostedService(sp => sp.GetRequiredService<TextTriggers>());
    }
}

/// <summary>
/// Plans texts after the commits that call for them — a whistle blown, a step taken, a
/// summons reassigned, a bulletin out — off the writer's path: the events go to a queue that
/// one background loop works through, so a blow is not held up by planning. What a stopped node
/// leaves unplanned the minute sweep (<see cref="TextSweepJob"/>) plans.
/// </summary>
public sealed class TextTriggers(InProcessEventBus bus, TextPlanner planner, ILogger<TextTriggers> logger) : BackgroundService
{
    private readonly Channel<IDomainEvent> _events = Channel.CreateBounded<IDomainEvent>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
    private IDisposable? _subscription;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.Subscribe((e, _) =>
        {
            if (e is WhistleBlown or EscalationStepTaken or DeclineSettled { Reassigned: true } or BulletinPublished)
            {
                _events.Writer.TryWrite(e);
            }

            return Task.CompletedTask;
        });
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var domainEvent in _events.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                _ = domainEvent switch
                {
                    BulletinPublished b => await planner.PlanBulletinAsync(b.BulletinId, stoppingToken),
                    IWhistleEvent w => await planner.PlanWhistleAsync(w.WhistleId, stoppingToken),
                    _ => 0,
                };
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The sweep plans it within a minute; nothing is lost by waiting for it.
                logger.LogWarning(ex, "Planning texts for {Event} failed; the sweep will plan them", domainEvent.GetType().Name);
            }
        }
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
