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

    /// <summary>
    /// Where a case filed at <paramref name="filing"/> may lie (三级综治中心): the county files
    /// anywhere; a township only in itself and its villages, a village only in itself — a sibling's
    /// place would put the case on the sibling's wall and reports while the sibling cannot act on
    /// it. A place left out is the filing center's own. Problems go under township and village.
    /// </summary>
    public static (Guid? TownshipId, Guid? VillageId) PlaceWithin(Center filing, Center? township, Center? village, FieldProblems problems)
    {
        ArgumentNullException.ThrowIfNull(filing);
        ArgumentNullException.ThrowIfNull(problems);
        switch (filing.Level)
        {
            case CenterLevel.Township:
                if (township is not null && township.Id != filing.Id)
                {
                    problems.Add("township", $"「{township.Name}」不在{filing.Name}辖区内：本中心只能登记本辖区的事项，辖区外的请告知当事人到所属乡镇（街道）或区（县）中心反映。");
                }

                if (village is not null && village.ParentId != filing.Id)
                {
                    problems.Add("village", $"「{village.Name}」不在{filing.Name}辖区内，请选择本辖区的村（社区）。");
                }

                return (filing.Id, village?.Id);
            case CenterLevel.Village:
                if (village is not null && village.Id != filing.Id)
                {
                    problems.Add("village", $"「{village.Name}」不是本村（社区），{filing.Name}只能登记本村（社区）的事项。");
                }

                if (township is not null && township.Id != filing.ParentId)
                {
                    problems.Add("township", $"「{township.Name}」不是{filing.Name}所属的乡镇（街道）。");
                }

                return (filing.ParentId, filing.Id);
            default:
                return (township?.Id, village?.Id);
        }
    }
}
