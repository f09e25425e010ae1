using Dispatch.Domain.Reports;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Escalation;
using Dispatch.Infrastructure.Reports;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Infrastructure.Jobs;

/// <summary>
/// Wakes the escalation of one whistle. Hangfire delivers at least once and a job may run early,
/// late or twice: it re-reads the database and takes only what is due at that moment (each step
/// once per summons, round and step), then schedules the next wake-up, its own again if it ran
/// before anything was due.
/// </summary>
public sealed class EscalationJob(EscalationService escalation, HangfireEscalationScheduler wakeUps)
{
    [Queue(JobQueues.Escalation)]
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [1, 5, 15, 60, 300])]
    public async Task WakeAsync(Guid whistleId, PerformContext? context, CancellationToken cancellationToken)
    {
        if (context?.BackgroundJob.Id is { } jobId)
        {
            await wakeUps.ConsumeAsync(whistleId, jobId, cancellationToken);
        }

        await escalation.EscalateAsync(whistleId, cancellationToken);
    }
}

/// <summary>
/// The audit: at start-up (the reconciliation) and then periodically. Two audits at once (the
/// start-up run beside the periodic one, or on two nodes) do each step once all the same, so no
/// distributed lock is taken: a lock wait cannot be cancelled and would hold up a node's shutdown.
/// </summary>
public sealed class EscalationAuditJob(EscalationService escalation)
{
    [Queue(JobQueues.Escalation)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public Task RunAsync(CancellationToken cancellationToken) => escalation.AuditAsync(cancellationToken);
}

/// <summary>
/// Fires every day at the configured China time; on a working day (holidays and make-up days
/// counted) it publishes the day's bulletin. Publishing is idempotent (one per day, delivered
/// once, decided in the database), so a doubled or retried run, or one on each node, changes nothing. A run held over from an earlier day (the
/// app was down at 17:00 and starts the next morning) publishes nothing: it is not that day's.
/// </summary>
public sealed class BulletinJob(BulletinService bulletins, WorkingCalendar calendar, IOptions<BulletinOptions> options, TimeProvider clock, ILogger<BulletinJob> logger)
{
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600])]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var day = BulletinComposer.DayOf(now, calendar);
        if (!calendar.IsWorkingDay(day))
        {
            logger.LogInformation("No bulletin on {Day}: not a working day", day);
            return;
        }

        if (TimeOnly.FromTimeSpan(now.ToOffset(calendar.UtcOffset).TimeOfDay) < options.Value.Time)
        {
            logger.LogWarning("A bulletin run held over from an earlier day was skipped at {Now}; publish by hand at /bulletins if it is missing", now);
            return;
        }

        var bulletin = await bulletins.PublishAsync(cancellationToken);
        logger.LogInformation("Bulletin {Number} for {Day} published", bulletin.Number, bulletin.Day);
    }
}

/// <summary>Runs the risk rules every half hour (and once at start-up); idempotent (one open warning per rule and place), so a doubled run changes nothing.</summary>
public sealed class RiskJob(RiskService risk, ILogger<RiskJob> logger)
{
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var run = await risk.EvaluateAsync(cancellationToken);
        if (run.Raised > 0)
        {
            logger.LogInformation("Risk rules: {Raised} new warning(s), {Refreshed} refreshed", run.Raised, run.Refreshed);
        }
    }
}

/// <summary>Every night: the reports' daily counts checked against the cases, and rebuilt if any differs.</summary>
public sealed class ReportTallyJob(Reports.ReportTallyBuilder builder, ILogger<ReportTallyJob> logger)
{
    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [600, 1800])]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var check = await builder.CheckAsync(repair: true, cancellationToken);
        logger.LogInformation("Report counts checked: {Lines} daily lines, {Wrong} wrong{Rebuilt}", check.Lines, check.Wrong, check.Rebuilt ? ", rebuilt" : string.Empty);
    }
}

/// <summary>Hangfire queues, most urgent first (a worker takes from the first that has work).</summary>
public static class JobQueues
{
    public const string Escalation = "escalation";
    public const string Default = "default";

    public static readonly string[] All = [Escalation, Default];
}

/// <summary>The ids of the recurring jobs, as the dashboard shows them.</summary>
public static class RecurringJobIds
{
    public const string Audit = "escalation-audit";
    public const string Bulletin = "daily-bulletin";
    public const string Risk = "risk-rules";
    public const string TextSweep = "text-sweep";
    public const string ReportTallies = "report-tallies";
}
