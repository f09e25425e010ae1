namespace Dispatch.Infrastructure.Jobs;

/// <summary>
/// The <c>Jobs</c> section: whether this node runs the Hangfire job server with the timed jobs
/// (the risk rules every 30 minutes, the daily bulletin, and timed escalation when
/// <c>Escalation:Enabled</c>). Off only in tests and one-off commands that must not run jobs.
/// </summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    public bool Enabled { get; set; } = true;
}
