namespace Dispatch.Domain.Whistles;

/// <summary>A department's side of a whistle: Pending → Acknowledged → OnSite → Reported, or Declined.</summary>
public enum SummonsState
{
    Pending = 1,
    Acknowledged = 2,
    OnSite = 3,
    Reported = 4,
    Declined = 5,
    /// <summary>A declined summons the director moved to another department.</summary>
    Reassigned = 6,
}

public enum SummonsAction
{
    Acknowledge = 1,
    MarkOnSite = 2,
    Report = 3,
    Decline = 4,
    Insist = 5,
    Reassign = 6,
}

public enum WhistleStatus
{
    Open = 1,
    Closed = 2,
}

/// <summary>How a whistle ended; feeds the on-site resolution rate.</summary>
public enum WhistleOutcome
{
    ResolvedOnSite = 1,
    JointMediation = 2,
    ReferredToLitigation = 3,
    Other = 4,
}

/// <summary>The three deadlines of a summons.</summary>
public enum DeadlineKind
{
    Acknowledge = 1,
    OnSite = 2,
    Result = 3,
}
