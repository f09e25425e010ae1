using Dispatch.Domain.Cases;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;

namespace Dispatch.Domain.Kpis;

/// <summary>
/// What the KPIs need of a case. Projections, so the database can feed them cheaply; the
/// reports (breakdowns by township and department, risk rules) read the optional places too.
/// </summary>
public sealed record CaseFact(
    CaseCategory Category,
    DateTimeOffset ReceivedAt,
    DateTimeOffset AcceptedAt,
    DateTimeOffset AcceptanceDueAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? ClosedAt,
    CenterLevel? ClosedAtLevel)
{
    public Guid Id { get; init; }

    public CaseStatus Status { get; init; }

    public Guid? TownshipId { get; init; }

    public Guid? VillageId { get; init; }

    /// <summary>The center holding the case, and its level (the areas it is counted in).</summary>
    public Guid? CenterId { get; init; }

    public CenterLevel CenterLevel { get; init; } = CenterLevel.County;

    /// <summary>The department the case is handed to, if any.</summary>
    public Guid? DepartmentId { get; init; }

    /// <summary>When the (latest) 办理结果 came in.</summary>
    public DateTimeOffset? ResultAt { get; init; }

    public bool IsOpenAt(DateTimeOffset at) => ReceivedAt < at && Status != CaseStatus.Rejected && (ClosedAt is null || ClosedAt >= at);
}

public sealed record WhistleFact(DateTimeOffset? ClosedAt, WhistleOutcome? Outcome, bool HandledJointlyOnSite)
{
    public DateTimeOffset BlownAt { get; init; }
}

public sealed record FollowUpFact(DateTimeOffset At, Satisfaction Satisfaction)
{
    public Guid? DepartmentId { get; init; }

    public Guid? TownshipId { get; init; }

    public bool Satisfied => Satisfaction is Satisfaction.Satisfied or Satisfaction.BasicallySatisfied;
}

/// <summary>
/// One department's summonses issued in a period (declined and reassigned ones left out), counted
/// in the database: acknowledged within the limit, acknowledged or past the limit (the rate's
/// denominator), and those that missed a deadline as of now (<see cref="SummonsFact.MissedADeadline"/>).
/// </summary>
public sealed record SummonsTally(Guid DepartmentId, int Issued, int AcknowledgedInTime, int AcknowledgementMeasured, int Missed)
{
    /// <summary>The counts from the summonses themselves (what the database counts for the county).</summary>
    public static IReadOnlyList<SummonsTally> Of(IEnumerable<SummonsFact> summonses, Period period, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(period);
        return [.. summonses
            .Where(s => s.Counts && period.Contains(s.SummonedAt))
            .GroupBy(s => s.DepartmentId)
            .Select(g => new SummonsTally(
                g.Key,
                g.Count(),
                g.Count(s => s.AcknowledgedInTime),
                g.Count(s => s.AcknowledgedAt is not null || now > s.AcknowledgeDueAt),
                g.Count(s => s.MissedADeadline(now))))];
    }
}

/// <summary>One department's summons, for the department ranking.</summary>
public sealed record SummonsFact(
    Guid DepartmentId,
    SummonsState State,
    DateTimeOffset SummonedAt,
    DateTimeOffset AcknowledgeDueAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset OnSiteDueAt,
    DateTimeOffset? OnSiteAt,
    DateTimeOffset ResultDueAt,
    DateTimeOffset? ReportedAt,
    DateTimeOffset? WhistleClosedAt)
{
    /// <summary>
    /// Whether a deadline was missed as of <paramref name="now"/>: met late, or passed with nothing
    /// done. Once the whistle is over, what was still open is no longer owed.
    /// </summary>
    public bool MissedADeadline(DateTimeOffset now)
    {
        var until = WhistleClosedAt is { } closed && closed < now ? closed : now;
        return Missed(AcknowledgeDueAt, AcknowledgedAt, until) || Missed(OnSiteDueAt, OnSiteAt, until) || Missed(ResultDueAt, ReportedAt, until);
    }

    public bool AcknowledgedInTime => AcknowledgedAt is { } at && at <= AcknowledgeDueAt;

    /// <summary>Declined and reassigned summonses were not this department's to answer.</summary>
    public bool Counts => State is not (SummonsState.Declined or SummonsState.Reassigned);

    private static bool Missed(DateTimeOffset due, DateTimeOffset? done, DateTimeOffset now) => done is { } d ? d > due : now > due;
}

public sealed record AcknowledgementFact(Guid DepartmentId, DateTimeOffset SummonedAt, DateTimeOffset? AcknowledgedAt);

/// <summary>A half-open period [From, To).</summary>
public sealed record Period(DateTimeOffset From, DateTimeOffset To)
{
    public bool Contains(DateTimeOffset at) => at >= From && at < To;

    public TimeSpan Length => To - From;

    public Period Previous => new(From - Length, From);

    /// <summary>The two ends (a record would print <see cref="Previous"/>, and its previous, for ever).</summary>
    public override string ToString() => $"{From:O}/{To:O}";
}
