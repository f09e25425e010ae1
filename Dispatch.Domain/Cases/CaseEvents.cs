using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;

namespace Dispatch.Domain.Cases;

public sealed record CaseRegistered(Guid CaseId, string Code, Guid CenterId, DateTimeOffset OccurredAt) : IDomainEvent;

/// <summary>A step of the loop; <paramref name="DepartmentId"/> is the department the case is handed to, if any, which hears about it.</summary>
public sealed record CaseStatusChanged(Guid CaseId, string Code, CaseStatus From, CaseStatus To, Guid? DepartmentId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record CaseRaised(Guid CaseId, string Code, Guid ToCenterId, CenterLevel From, CenterLevel To, DateTimeOffset OccurredAt) : IDomainEvent;
