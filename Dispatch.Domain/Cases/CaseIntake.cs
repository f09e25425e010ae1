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
    CenterLevel CenterLevel)
{
    /// <summary>Where the citizen pinned it (Open311 clients send coordinates), WGS-84.</summary>
    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    /// <summary>The system that filed it (an API client such as the 12345 hotline); null for the window.</summary>
    public string? Source { get; init; }

    /// <summary>The filing system's own reference (the hotline's ticket number).</summary>
    public string? ExternalId { get; init; }
}
