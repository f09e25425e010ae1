using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;

namespace Dispatch.Domain.Cases;

public sealed record CaseRegistered(Guid CaseId, string Code, Guid CenterId, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>A step of the loop; <paramref name="DepartmentId"/> is the department the case is handed to, if any, which hears about it.</summary>
public sealed record CaseStatusChanged(Guid CaseId, string Code, CaseStatus From, CaseStatus To, Guid? DepartmentId, DateTimeOffset OccurredAt) : IDomainEvent
{
    /// <summary>
    /// The case's center once the operation that raised this is saved (a 分流 moves the case after
    /// its step), set when it is saved; who hears about it starts here. Null when not known.
    /// </summary>
    public Guid? CenterId { get; init; }

    /// <summary>The center that handed the case up, as saved with it (see <see cref="CenterId"/>).</summary>
    public Guid? RaisedFromCenterId { get; init; }
}

public sealed record CaseRaised(Guid CaseId, string Code, Guid ToCenterId, CenterLevel From, CenterLevel To, DateTimeOffset OccurredAt) : IDomainEvent;
