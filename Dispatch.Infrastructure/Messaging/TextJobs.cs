using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Jobs;
using Dispatch.Infrastructure.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Messaging;

/// <summary>
/// Text delivery as Hangfire jobs: the texts planned together in one, a retry in its own. Delivery is at least once: a run that finds the text
/// sent, settled or held by another run does nothing, so a doubled job sends nothing twice.
/// Retries are the delivery's own (scheduled with backoff and recorded on the text), not Hangfire's.
/// </summary>
public sealed class TextDeliveryJob(TextDelivery delivery, ILogger<TextDeliveryJob> logger)
{
    /// <summary>Texts of one job sent at the same time at most, as many as the job server has workers by default.</summary>
    public const int Parallel = 4;

    [Queue(JobQueues.Escalation)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120])]
    public Task SendAsync(Guid textId, CancellationToken cancellationToken) => delivery.DeliverAsync(textId, cancellationToken);

    /// <summary>
    /// The texts planned together (a whistle's summonses, a step's urges) as one job, a few at a
    /// time. A job per text cost the job store about ten writes each, 600 for a whistle to every
    /// department, beside the whistle's own notices. One text that fails does not hold up the
    /// others; the job then fails and its retry sends only what is still unsent.
    /// </summary>
    [Queue(JobQueues.Escalation)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120])]
    public async Task<int> SendManyAsync(Guid[] textIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(textIds);
        var sent = 0;
        var failed = 0;
        await System.Threading.Tasks.Parallel.ForEachAsync(textIds, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken }, async (id, token) =>
        {
            try
            {
                if (await delivery.DeliverAsync(id, token) == DeliveryResult.Sent)
                {
                    Interlocked.Increment(ref sent);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Interlocked.Increment(ref failed);
                logger.LogWarning(ex, "Delivering text {Text} failed; the job is tried again", id);
            }
        });

        return failed == 0 ? sent : throw new InvalidOperationException($"{failed} of {textIds.Length} texts could not be handed to delivery");
    }
}

/// <summary>
/// Every minute: plans what the open whistles call for (a commit whose planning was lost to a
/// node that died) and hands on texts that should be on their way. Idempotent, like planning.
/// </summary>
public sealed class TextSweepJob(TextPlanner planner, TextDelivery delivery, IDbContextFactory<DispatchDbContext> factory, ILogger<TextSweepJob> logger)
{
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        List<Guid> open;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            open = await db.Whistles.Where(w => w.Status == WhistleStatus.Open).Select(w => w.Id).ToListAsync(cancellationToken);
        }

        var planned = 0;
        foreach (var whistle in open)
        {
            planned += await planner.PlanWhistleAsync(whistle, cancellationToken);
        }

        var handed = await delivery.SweepAsync(cancellationToken);
        if (planned + handed > 0)
        {
            logger.LogInformation("Text sweep: {Planned} planned late, {Handed} handed to delivery again", planned, handed);
        }
    }
}

/// <summary>Delivery on the job server: a job for the texts planned together (up to 100), or one text's at its time.</summary>
public sealed class HangfireTextDispatch(IBackgroundJobClient jobs, TimeProvider clock) : ITextDispatch
{
    public Task EnqueueAsync(IReadOnlyCollection<Guid> textIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(textIds);
        foreach (var chunk in textIds.Chunk(100))
        {
            if (chunk is [var id])
            {
                jobs.Enqueue<TextDeliveryJob>(JobQueues.Escalation, job => job.SendAsync(id, CancellationToken.None));
            }
            else
            {
                jobs.Enqueue<TextDeliveryJob>(JobQueues.Escalation, job => job.SendManyAsync(chunk, CancellationToken.None));
            }
        }

        return Task.CompletedTask;
    }

    public Task ScheduleAsync(Guid textId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // By delay from the app's clock, as the escalation wake-ups are (a test's clock may run apart from the machine's).
        var delay = at - clock.GetUtcNow();
        jobs.Schedule<TextDeliveryJob>(JobQueues.Escalation, job => job.SendAsync(textId, CancellationToken.None), delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        return Task.CompletedTask;
    }
}

/// <summary>Without the job server (tests, <c>Jobs:Enabled=false</c>): texts wait in the database, and whoever drives delivery sees what was handed on.</summary>
public sealed class ManualTextDispatch : ITextDispatch
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(Guid Id, DateTimeOffset? At)> _handed = new();

    public IReadOnlyList<(Guid Id, DateTimeOffset? At)> Handed => [.. _handed];

    public Task EnqueueAsync(IReadOnlyCollection<Guid> textIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(textIds);
        foreach (var id in textIds)
        {
            _handed.Enqueue((id, null));
        }

        return Task.CompletedTask;
    }

    public Task ScheduleAsync(Guid textId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        _handed.Enqueue((textId, at));
        return Task.CompletedTask;
    }
}
