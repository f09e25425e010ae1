using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;

namespace Dispatch.Domain.Whistles;

/// <summary>Every whistle event names the whistle, its case and the department it concerns (if any).</summary>
public interface IWhistleEvent : IDomainEvent
{
    Guid WhistleId { get; }

    Guid CaseId { get; }
}

public sealed record WhistleBlown(Guid WhistleId, Guid CaseId, string CaseCode, IReadOnlyList<Guid> DepartmentIds, DateTimeOffset OccurredAt) : IWhistleEvent;

public sealed record SummonsAcknowledged(Guid WhistleId, Guid CaseId, Guid SummonsId, Guid DepartmentId, string By, bool Late, DateTimeOffset OccurredAt) : IWhistleEvent;

public sealed record SummonsMarkedOnSite(Guid WhistleId, Guid CaseId, Guid SummonsId, Guid DepartmentId, string By, bool Late, DateTimeOffset OccurredAt) : IWhistleEvent;

public sealed record SummonsReported(Guid WhistleId, Guid CaseId, Guid SummonsId, Guid DepartmentId, string By, bool Late, DateTimeOffset OccurredAt) : IWhistleEvent;

public sealed record SummonsDeclined(Guid WhistleId, Guid CaseId, Guid SummonsId, Guid DepartmentId, string Reason, DateTimeOffset OccurredAt) : IWhistleEvent;

public sealed record DeclineSettled(Guid WhistleId, Guid CaseId, Guid SummonsId, Guid DepartmentId, bool Reassigned, Guid? NewSummonsId, DateTimeOffset OccurredAt) : IWhistleEvent;

public sealed record UrgeSent(Guid WhistleId, Guid CaseId, Guid SummonsId, Guid DepartmentId, string By, string? Note, bool Automatic, DateTimeOffset OccurredAt) : IWhistleEvent;

public sealed record EscalationStepTaken(Guid WhistleId, Guid CaseId, Guid SummonsId, Guid DepartmentId, string StepKey, EscalationAction Action, DeadlineKind Deadline, DateTimeOffset OccurredAt) : IWhistleEvent;

public sealed record WhistleClosed(Guid WhistleId, Guid CaseId, WhistleOutcome Outcome, IReadOnlyList<Guid> DepartmentIds, DateTimeOffset OccurredAt) : IWhistleEvent;
