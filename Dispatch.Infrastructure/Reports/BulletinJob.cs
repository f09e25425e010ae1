using Dispatch.Domain.Reports;
using Dispatch.Domain.Whistles;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Dispatch.Infrastructure.Reports;

/// <summary>
/// Fires every day at the configured China time; on a working day (holidays and make-up days
/// counted) it publishes the day's bulletin. Publishing is idempotent, so a recovered or
/// doubled firing changes nothing.
/// </summary>
[DisallowConcurrentExecution]
public sealed class BulletinJob(BulletinService bulletins, WorkingCalendar calendar, TimeProvider clock, ILogger<BulletinJob> logger) : IJob
{
    public static readonly JobKey JobKey = new("daily-bulletin", "reports");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var day = BulletinComposer.DayOf(clock.GetUtcNow(), calendar);
        if (!calendar.IsWorkingDay(day))
        {
            logger.LogInformation("No bulletin on {Day}: not a working day", day);
            return;
        }

        var bulletin = await bulletins.PublishAsync(cancellationToken);
        logger.LogInformation("Bulletin {Number} for {Day} published", bulletin.Number, bulletin.Day);
    }

    /// <summary>
    /// The daily trigger's schedule: the configured China time, written in UTC (China keeps no
    /// summer time, and a persisted trigger must not depend on the server's time-zone database);
    /// a missed firing runs late rather than never.
    /// </summary>
    public static CronScheduleBuilder Schedule(BulletinOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var utc = options.Time.Add(-WorkingCalendar.ChinaStandardTime);
        return CronScheduleBuilder.Create(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"0 {utc.Minute} {utc.Hour} ? * *"))
            .InTimeZone(TimeZoneInfo.Utc)
            .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed);
    }
}

/// <summary>Runs the risk rules every half hour (and once at start-up); idempotent, so a doubled run changes nothing.</summary>
[DisallowConcurrentExecution]
public sealed class RiskJob(RiskService risk, ILogger<RiskJob> logger) : IJob
{
    public static readonly JobKey JobKey = new("risk-rules", "reports");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var run = await risk.EvaluateAsync(cancellationToken);
        if (run.Raised > 0)
        {
            logger.LogInformation("Risk rules: {Raised} new warning(s), {Refreshed} refreshed", run.Raised, run.Refreshed);
        }
    }
}
