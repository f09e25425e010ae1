using Dispatch.Domain.Organization;

namespace Dispatch.Domain.Cases;

/// <summary>What a clerk (or the hotline system) supplies to register a case.</summary>
public sealed record CaseIntake(
    Channel Channel,
    CaseCategory Category,
    string Title,
    string Description,
    IReadOnlyList<Party> Parties,
    Guid? TownshipId,
    Guid? VillageId,
    string? Address,
    DateTimeOffset ReceivedAt,
    TimeSpan AcceptanceLimit,
    CenterLevel CenterLevel);
