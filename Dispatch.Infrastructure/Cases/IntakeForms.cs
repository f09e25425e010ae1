using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;

namespace Dispatch.Infrastructure.Cases;

/// <summary>What a clerk or a machine hands in; places are center codes so the API can name them.</summary>
public sealed record IntakeForm(
    Channel Channel,
    CaseCategory Category,
    string? Title,
    string? Description,
    IReadOnlyList<PartyForm> Parties,
    string? TownshipCode,
    string? VillageCode,
    string? Address,
    DateTimeOffset? ReceivedAt = null)
{
    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public string? ExternalId { get; init; }
}

/// <summary>
/// A grid worker's 上报事件: what, where (the phone's position, or a place typed in) and, if
/// known, who; the village and township are the grid worker's own.
/// </summary>
public sealed record FieldReport(CaseCategory Category, string? Title, string? Description, string? Address, double? Latitude, double? Longitude, string? PartyName, string? PartyPhone);

public sealed record PartyForm(string? Name, string? Phone, string? IdNumber);

public sealed record NewAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>Every problem of a form at once, by field, so a clerk (or an API client) can fix them in one go.</summary>
public sealed class IntakeValidationException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException(string.Join("；", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

public sealed record RegisteredCase(Guid Id, string Code, bool Merged, bool Replayed = false)
{
    /// <summary>The case as it was just saved, when this call created it (not on a merge or a replay): no need to read it back.</summary>
    public Domain.Cases.Case? Saved { get; init; }
}

/// <summary>The same <c>Idempotency-Key</c> was sent with a different request.</summary>
public sealed class IdempotencyMismatchException(string message) : DomainException(message);
