using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Escalation;

/// <summary>What an audit found and did.</summary>
public sealed record AuditResult(int OpenWhistles, int Repaired, int Rescheduled);

/// <summary>
/// Runs escalation for a whistle: the pure domain evaluation decides what is due, the database
/// (one row per taken step, keyed by summons, round and step) makes sure each step happens
/// once, whichever node or trigger asks and however often. Then the next wake-up is set.
/// </summary>
public sealed class EscalationService(
    UnitOfWork unitOfWork,
    IDbContextFactory<DispatchDbContext> factory,
    IEscalationScheduler scheduler,
    TimeProvider clock,
    ILogger<EscalationService> logger)
{
    /// <summary>Takes every step now due on the whistle's summonses; returns how many were taken.</summary>
    public async Task<int> EscalateAsync(Guid whistleId, CancellationToken cancellationToken)
    {
        var (taken, next) = await unitOfWork.ExecuteAsync(async db =>
        {
            var whistle = await db.Whistles.FirstOrDefaultAsync(w => w.Id == whistleId, cancellationToken);
            if (whistle is null || !whistle.IsOpen)
            {
                return (0, (DateTimeOffset?)null);
            }

            var @case = await db.Cases.FirstAsync(c => c.Id == whistle.CaseId, cancellationToken);
            var now = clock.GetUtcNow();
            var due = whistle.Summonses.ToList().SelectMany(s => whistle.Escalate(s.Id, @case, now)).ToList();
            if (due.Any(d => d.Step.Action == EscalationAction.EscalateToLevelAbove))
            {
                await RaiseCaseAsync(db, @case, now, "召集的部门严重超时未响应", cancellationToken);
            }

            return (due.Count, whistle.NextEscalationAt());
        }, cancellationToken);

        await scheduler.ScheduleAsync(whistleId, next, cancellationToken);
        if (taken > 0)
        {
            logger.LogInformation("Escalation took {Count} step(s) on whistle {Whistle}; next at {Next}", taken, whistleId, next);
        }

        return taken;
    }

    /// <summary>Raises the case as the domain says raising goes (<see cref="Case.RaiseToParent"/>).</summary>
    internal static async Task RaiseCaseAsync(DispatchDbContext db, Case @case, DateTimeOffset now, string reason, CancellationToken cancellationToken) =>
        @case.RaiseToParent(await db.ParentCenterAsync(@case, cancellationToken), reason, Actor.System, now);

    /// <summary>Sets the whistle's wake-up from what is stored (after a user changed it).</summary>
    public async Task ScheduleAsync(Guid whistleId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var whistle = await db.Whistles.AsNoTracking().FirstOrDefaultAsync(w => w.Id == whistleId, cancellationToken);
        await scheduler.ScheduleAsync(whistleId, whistle is { IsOpen: true } ? whistle.NextEscalationAt() : null, cancellationToken);
    }

    /// <summary>
    /// Finds escalations that should have happened and did not (a lost trigger, a node that was
    /// down) and runs them; gives every other open whistle its wake-up back if the scheduler
    /// lost it. Runs at start-up and then periodically.
    /// </summary>
    public async Task<AuditResult> AuditAsync(CancellationToken cancellationToken)
    {
        List<Whistle> open;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            open = await db.Whistles.AsNoTracking().Where(w => w.Status == WhistleStatus.Open).ToListAsync(cancellationToken);
        }

        var now = clock.GetUtcNow();
        var repaired = 0;
        var rescheduled = 0;
        foreach (var whistle in open)
        {
            var next = whistle.NextEscalationAt();
            if (next is null)
            {
                continue;
            }

            if (next <= now)
            {
                repaired += await EscalateAsync(whistle.Id, cancellationToken) > 0 ? 1 : 0;
            }
            else if (!EscalationWakeUp.SameMoment(await scheduler.ScheduledAtAsync(whistle.Id, cancellationToken), next))
            {
                // Re-read: a department may have acknowledged since the list was read.
                await ScheduleAsync(whistle.Id, cancellationToken);
                rescheduled++;
            }
        }

        if (repaired > 0)
        {
            logger.LogWarning("Escalation audit: {Repaired} whistle(s) had missed steps and were escalated now; {Rescheduled} wake-up(s) restored; {Open} open.", repaired, rescheduled, open.Count);
        }
        else if (rescheduled > 0)
        {
            logger.LogInformation("Escalation audit: {Rescheduled} wake-up(s) restored; {Open} open.", rescheduled, open.Count);
        }

        return new AuditResult(open.Count, repaired, rescheduled);
    }
}
