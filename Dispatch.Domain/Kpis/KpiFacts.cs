using Dispatch.Domain.Cases;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;

namespace Dispatch.Domain.Kpis;

/// <summary>What the KPIs need of a case. Projections, so the database can feed them cheaply.</summary>
public sealed record CaseFact(
    CaseCategory Category,
    DateTimeOffset ReceivedAt,
    DateTimeOffset AcceptedAt,
    DateTimeOffset AcceptanceDueAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? ClosedAt,
    CenterLevel? ClosedAtLevel);

public sealed record WhistleFact(DateTimeOffset? ClosedAt, WhistleOutcome? Outcome, bool HandledJointlyOnSite);

public sealed record FollowUpFact(DateTimeOffset At, Satisfaction Satisfaction);

public sealed record AcknowledgementFact(Guid DepartmentId, DateTimeOffset SummonedAt, DateTimeOffset? AcknowledgedAt);

/// <summary>A half-open period [From, To).</summary>
public sealed record Period(DateTimeOffset From, DateTimeOffset To)
{
    public bool Contains(DateTimeOffset at) => at >= From && at < To;

    public TimeSpan Length => To - From;

    public Period Previous => new(From - Length, From);
}
