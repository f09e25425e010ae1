using Dispatch.Infrastructure.Jobs;
using Dispatch.Infrastructure.Persistence;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Escalation;

/// <summary>
/// One delayed Hangfire job per open whistle, at its next escalation step. The job's id is kept
/// with the whistle (<see cref="EscalationWakeUp"/>), so a user's action deletes exactly the
/// pending job before the next one is scheduled.
/// </summary>
public sealed class HangfireEscalationScheduler(IBackgroundJobClient jobs, JobStorage storage, IDbContextFactory<DispatchDbContext> factory, TimeProvider clock) : IEscalationScheduler
{
    private static readonly HashSet<string> Pending = new(StringComparer.OrdinalIgnoreCase)
    {
        ScheduledState.StateName, EnqueuedState.StateName, ProcessingState.StateName, AwaitingState.StateName,
    };

    public async Task ScheduleAsync(Guid whistleId, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var wakeUp = await db.EscalationWakeUps.FirstOrDefaultAsync(w => w.WhistleId == whistleId, cancellationToken);
        if (at is not { } due)
        {
            if (wakeUp is not null)
            {
                db.EscalationWakeUps.Remove(wakeUp);
                await db.SaveChangesAsync(cancellationToken);
                jobs.Delete(wakeUp.JobId);
            }

            return;
        }

        if (wakeUp is not null && EscalationWakeUp.SameMoment(wakeUp.DueAt, due) && IsPending(wakeUp.JobId))
        {
            return;
        }

        // Scheduled by delay from the app's clock, not by the instant: Hangfire counts on the
        // machine's clock, and the app's (a test's fixed demo clock) may run apart from it.
        var delay = due - clock.GetUtcNow();
        var jobId = jobs.Schedule<EscalationJob>(job => job.WakeAsync(whistleId, null, CancellationToken.None), delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        var previous = wakeUp?.JobId;
        if (wakeUp is null)
        {
            db.EscalationWakeUps.Add(new EscalationWakeUp { WhistleId = whistleId, JobId = jobId, DueAt = due });
        }
        else
        {
            wakeUp.JobId = jobId;
            wakeUp.DueAt = due;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node or thread set this whistle's wake-up a moment ago: its job stands.
            jobs.Delete(jobId);
            return;
        }

        if (previous is not null && previous != jobId)
        {
            jobs.Delete(previous);
        }
    }

    /// <summary>When the whistle's wake-up is set for, if its job is still waiting to run; a lost or finished job counts as none.</summary>
    public async Task<DateTimeOffset?> ScheduledAtAsync(Guid whistleId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var wakeUp = await db.EscalationWakeUps.AsNoTracking().FirstOrDefaultAsync(w => w.WhistleId == whistleId, cancellationToken);
        return wakeUp is not null && IsPending(wakeUp.JobId) ? wakeUp.DueAt : null;
    }

    /// <summary>The job that fired removes its own row (and nobody else's), so what follows schedules anew.</summary>
    public async Task ConsumeAsync(Guid whistleId, string jobId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.EscalationWakeUps.Where(w => w.WhistleId == whistleId && w.JobId == jobId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The id of the whistle's pending job, if any (to find it in the dashboard, and for tests).</summary>
    public async Task<string?> JobIdAsync(Guid whistleId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return (await db.EscalationWakeUps.AsNoTracking().FirstOrDefaultAsync(w => w.WhistleId == whistleId, cancellationToken))?.JobId;
    }

    private bool IsPending(string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetStateData(jobId)?.Name is { } state && Pending.Contains(state);
    }
}
