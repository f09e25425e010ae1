using System.ComponentModel.DataAnnotations;

namespace Dispatch.Infrastructure.Escalation;

/// <summary>The <c>Escalation</c> configuration section: timed escalation, the working calendar, and the job server's workers and polling.</summary>
public sealed class EscalationOptions
{
    public const string SectionName = "Escalation";

    /// <summary>
    /// How often the audit looks for escalations that should have happened and did not: whole
    /// seconds that divide a minute (1–30 s) or whole minutes that divide an hour (1–60 min).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AuditInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Hangfire workers on this node.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;

    /// <summary>
    /// How often a node looks for delayed jobs that have come due (Hangfire's SchedulePollingInterval,
    /// 15 s by default there) and for enqueued work; a step fires within about this long of its due time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:15")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Public holidays (yyyy-MM-dd) skipped by working-day limits.</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    /// <summary>Weekend days that are working days (调休), yyyy-MM-dd.</summary>
    public List<DateOnly> MakeUpWorkdays { get; set; } = [];

    /// <summary>Off in tests that drive escalation by hand: wake-ups are only recorded (the other timed jobs follow <c>Jobs:Enabled</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The audit interval as a cron expression (six fields when it is under a minute), or null when it cannot be one.</summary>
    public string? AuditCron() => AuditInterval switch
    {
        { TotalSeconds: >= 1 and < 60 } s when s.Ticks % TimeSpan.TicksPerSecond == 0 && 60 % (int)s.TotalSeconds == 0 => $"*/{(int)s.TotalSeconds} * * * * *",
        { TotalMinutes: >= 1 and <= 60 } m when m.Ticks % TimeSpan.TicksPerMinute == 0 && 60 % (int)m.TotalMinutes == 0 => (int)m.TotalMinutes == 60 ? "0 * * * *" : $"*/{(int)m.TotalMinutes} * * * *",
        _ => null,
    };
}
