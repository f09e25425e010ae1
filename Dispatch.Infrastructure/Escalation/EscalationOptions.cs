using System.ComponentModel.DataAnnotations;

namespace Dispatch.Infrastructure.Escalation;

/// <summary>The <c>Escalation</c> configuration section.</summary>
public sealed class EscalationOptions
{
    public const string SectionName = "Escalation";

    /// <summary>
    /// <c>true</c> (default): Quartz keeps its triggers in the app's database (single node on
    /// SQLite, clustered on PostgreSQL). <c>false</c>: in memory; the start-up audit rebuilds
    /// every trigger from the database anyway.
    /// </summary>
    public bool PersistentStore { get; set; } = true;

    /// <summary>How often the audit looks for escalations that should have happened and did not.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AuditInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Quartz worker threads.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;

    /// <summary>Public holidays (yyyy-MM-dd) skipped by working-day limits.</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    /// <summary>Weekend days that are working days (调休), yyyy-MM-dd.</summary>
    public List<DateOnly> MakeUpWorkdays { get; set; } = [];

    /// <summary>Off in tests that drive escalation by hand.</summary>
    public bool Enabled { get; set; } = true;
}
