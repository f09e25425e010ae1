using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;

namespace Dispatch.Domain.Cases;

public sealed record CaseRegistered(Guid CaseId, string Code, Guid CenterId, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record CaseStatusChanged(Guid CaseId, string Code, CaseStatus From, CaseStatus To, DateTimeOffset OccurredAt) : IDomainEvent;

public sealed record CaseRaised(Guid CaseId, string Code, Guid ToCenterId, CenterLevel From, CenterLevel To, DateTimeOffset OccurredAt) : IDomainEvent;
