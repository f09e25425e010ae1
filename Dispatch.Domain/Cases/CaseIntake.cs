using Dispatch.Domain.Common;
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

    /// <summary>A clock a few minutes ahead of ours (the hotline's) is taken as now; more is a mistake.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When the request reached the center: not after now (within <see cref="ClockSkew"/> it is
    /// taken as now), not more than a year ago; none given means now. Problems go under receivedAt.
    /// </summary>
    public static DateTimeOffset ReceivedAtFor(DateTimeOffset? given, DateTimeOffset now, FieldProblems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var received = given ?? now;
        if (received > now + ClockSkew)
        {
            problems.Add("receivedAt", "收到时间不能晚于当前时间。");
        }
        else if (received > now)
        {
            received = now;
        }

        if (received < now.AddYears(-1))
        {
            problems.Add("receivedAt", "收到时间早于一年前，请核对。");
        }

        return received;
    }

    /// <summary>
    /// How long the center has to decide 受理 or 不予受理: letters and online petitions 15 days
    /// (信访工作条例), the 12345 hotline one working day, people at the window, on video or sent
    /// by a grid worker within the hour.
    /// </summary>
    public static TimeSpan AcceptanceLimitFor(Channel channel) => channel switch
    {
        Channel.Letter or Channel.OnlinePetition => TimeSpan.FromDays(15),
        Channel.Hotline12345 or Channel.PoliceReferral or Channel.PreLitigation => TimeSpan.FromDays(1),
        _ => TimeSpan.FromHours(1),
    };
}
