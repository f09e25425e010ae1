using Dispatch.Domain.Common;
using Dispatch.Domain.Messaging;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Infrastructure.Messaging;

/// <summary>Hands texts to delivery: a Hangfire job each (now or at a time), or nothing when the job server is off.</summary>
public interface ITextDispatch
{
    Task EnqueueAsync(IReadOnlyCollection<Guid> textIds, CancellationToken cancellationToken);

    Task ScheduleAsync(Guid textId, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>What one delivery run did with a text.</summary>
public enum DeliveryResult
{
    /// <summary>Sent now.</summary>
    Sent,

    /// <summary>Refused by the provider for good, or out of attempts.</summary>
    Failed,

    /// <summary>Put off (rate limit, the provider unavailable): another run is scheduled.</summary>
    Deferred,

    /// <summary>Nothing to do: already sent or settled, held by another run, or gone.</summary>
    Nothing,
}

/// <summary>
/// Sends one text, once. The run claims the text in the database first (a concurrency token:
/// of two runs of the same job only one wins the claim), then calls the provider outside any
/// transaction, then records what happened. A provider's 4xx is final; anything else is tried
/// again with backoff until <see cref="SmsOptions.MaxAttempts"/>. A run that dies after its claim
/// leaves the text to the sweep once the claim lapses; the provider gets our id each time, so a
/// gateway that honours it drops the repeat.
/// </summary>
public sealed class TextDelivery(
    UnitOfWork unitOfWork,
    IDbContextFactory<DispatchDbContext> factory,
    ISmsSender sender,
    ITextDispatch queue,
    IOptions<SmsOptions> options,
    TimeProvider clock,
    ILogger<TextDelivery> logger)
{
    /// <summary>How long a run holds its claim: longer than any provider call with its time-out.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30)];

    public async Task<DeliveryResult> DeliverAsync(Guid textId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        OutgoingText? outgoing = null;
        DateTimeOffset? later = null;
        try
        {
            (outgoing, later) = await unitOfWork.ExecuteAsync(async db =>
            {
                var text = await db.TextMessages.FirstOrDefaultAsync(t => t.Id == textId, cancellationToken);
                var now = clock.GetUtcNow();
                if (text is null || text.State is not (TextState.Queued or TextState.Sending))
                {
                    return ((OutgoingText?)null, (DateTimeOffset?)null);
                }

                if (!text.IsClaimable(now))
                {
                    return (null, text.State == TextState.Queued ? text.NotBefore : null);
                }

                var since = now - settings.PerPhoneWindow;
                var recent = await db.TextMessages.AsNoTracking()
                    .Where(t => t.Phone == text.Phone && t.Id != text.Id && t.SentAt != null && t.SentAt > since)
                    .Select(t => t.SentAt!.Value).ToListAsync(cancellationToken);
                var allowed = TextRules.NextAllowed(recent, settings.PerPhoneLimit, settings.PerPhoneWindow, now);
                if (allowed > now)
                {
                    if (text.State == TextState.Queued)
                    {
                        text.Postpone($"该号码 {settings.PerPhoneWindow.TotalMinutes:0} 分钟内已收到 {settings.PerPhoneLimit} 条短信，{Labels.Time(allowed)} 后发送", allowed);
                    }

                    return (null, allowed);
                }

                text.Claim(Lease, now);
                return (new OutgoingText(text.Id, text.Phone, text.Text, text.Purpose), null);
            }, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return DeliveryResult.Nothing;
        }

        if (outgoing is null)
        {
            if (later is { } at)
            {
                await queue.ScheduleAsync(textId, at, cancellationToken);
                return DeliveryResult.Deferred;
            }

            return DeliveryResult.Nothing;
        }

        var result = await sender.SendAsync(outgoing, cancellationToken);
        var (outcome, retryAt) = await unitOfWork.ExecuteAsync(async db =>
        {
            var text = await db.TextMessages.FirstAsync(t => t.Id == textId, cancellationToken);
            var now = clock.GetUtcNow();
            switch (result.Outcome)
            {
                case SmsOutcome.Accepted:
                    text.Accept(sender.Name, result.ProviderMessageId, now);
                    return (DeliveryResult.Sent, (DateTimeOffset?)null);
                case SmsOutcome.Refused:
                    text.Reject(result.Reason ?? "短信通道拒绝", now);
                    return (DeliveryResult.Failed, null);
                case SmsOutcome.Unavailable when text.Attempts >= settings.MaxAttempts:
                    text.Reject($"{text.Attempts} 次发送均未成功：{result.Reason}", now);
                    return (DeliveryResult.Failed, null);
                default:
                    var at = now + Backoff[Math.Min(text.Attempts, Backoff.Length) - 1];
                    text.Defer(result.Reason ?? "短信通道暂不可用", at, now);
                    return (DeliveryResult.Deferred, at);
            }
        }, cancellationToken);

        if (retryAt is { } retry)
        {
            logger.LogWarning("Text {Text} not sent ({Reason}); tried again at {At}", textId, result.Reason, retry);
            await queue.ScheduleAsync(textId, retry, cancellationToken);
        }
        else if (outcome == DeliveryResult.Failed)
        {
            logger.LogWarning("Text {Text} failed for good: {Reason}", textId, result.Reason);
        }

        return outcome;
    }

    /// <summary>
    /// The sweep: texts that should be on their way and are not (a lost job, a run that died
    /// holding its claim) are handed to delivery again. Returns how many.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var stale = now - TimeSpan.FromMinutes(1);
        var due = await db.TextMessages.AsNoTracking()
            .Where(t => (t.State == TextState.Queued && t.NotBefore <= stale) || (t.State == TextState.Sending && t.ClaimedUntil < now))
            .OrderBy(t => t.NotBefore).Select(t => t.Id).Take(500).ToListAsync(cancellationToken);
        await queue.EnqueueAsync(due, cancellationToken);
        return due.Count;
    }
}
