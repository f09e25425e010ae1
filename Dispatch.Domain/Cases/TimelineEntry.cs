namespace Dispatch.Domain.Cases;

/// <summary>
/// One line of a case's timeline: who did what, when. Entries are never changed or removed.
/// Code reads <see cref="Kind"/>; <see cref="Action"/> is the Chinese label the line was written
/// with (what the users saw at the time, kept as history and for the exports), never matched on.
/// </summary>
public sealed record TimelineEntry(int Sequence, DateTimeOffset At, Guid? ActorId, string ActorName, TimelineKind Kind, string Action, string? Note);

/// <summary>What happened on a timeline line. Stored as its number: never renumber, only add.</summary>
public enum TimelineKind
{
    /// <summary>A line written before kinds existed whose label the migration did not know.</summary>
    Unknown = 0,
    Accepted = 1,
    Rejected = 2,
    Routed = 3,
    Assessed = 4,
    HandlingStarted = 5,
    ResultSubmitted = 6,
    FollowedUp = 7,
    SupervisedAgain = 8,
    Closed = 9,
    Raised = 10,
    Mediated = 11,
    Merged = 12,
    AttachmentsUploaded = 13,
    WhistleBlown = 20,
    NobodyPresent = 21,
    Acknowledged = 22,
    OnSite = 23,
    Reported = 24,
    Declined = 25,
    Insisted = 26,
    Reassigned = 27,
    Urged = 28,
    WhistleClosed = 29,
    EscalationReminded = 40,
    EscalationUrged = 41,
    EscalationFlagged = 42,
    EscalationRaised = 43,
}
