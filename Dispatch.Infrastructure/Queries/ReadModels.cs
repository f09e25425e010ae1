using Dispatch.Domain.Cases;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;

namespace Dispatch.Infrastructure.Queries;

public sealed record CaseRow(
    Guid Id,
    string Code,
    string Title,
    Channel Channel,
    CaseCategory Category,
    CaseStatus Status,
    RiskLevel RiskLevel,
    CenterLevel CenterLevel,
    string? Place,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? ClosedAt)
{
    /// <summary>How many times a dissatisfied follow-up sent the case back (二次督办); marked wherever the case is listed.</summary>
    public int SupervisionCount { get; init; }

    /// <summary>The center responsible for the case now; a lower center listing a case it handed up (「已上交」) does not cover it.</summary>
    public Guid CenterId { get; init; }
}

public sealed record CasePage(IReadOnlyList<CaseRow> Rows, int Total);

public sealed record CaseQuery(string? Search = null, CaseStatus? Status = null, bool OpenOnly = false, int Skip = 0, int Take = 20, CaseOrder? Order = null)
{
    /// <summary>
    /// Only cases whose responsible center is one of these (a township and its villages), and
    /// those these centers handed up and follow read-only (「已上交」); null for all.
    /// </summary>
    public IReadOnlyCollection<Guid>? Centers { get; init; }
}

/// <summary>What the case list can be sorted by: our own type, whatever table component shows it.</summary>
public enum CaseSortKey
{
    ReceivedAt,
    DueAt,
    Code,
}

/// <summary>A sort of the case list; the default is the newest received first.</summary>
public sealed record CaseOrder(CaseSortKey Key, bool Descending)
{
    public static CaseOrder Default { get; } = new(CaseSortKey.ReceivedAt, Descending: true);
}

public sealed record SummonsRow(
    Guid Id,
    Guid DepartmentId,
    string DepartmentName,
    SummonsState State,
    DateTimeOffset SummonedAt,
    DateTimeOffset AcknowledgeDueAt,
    DateTimeOffset OnSiteDueAt,
    DateTimeOffset ResultDueAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? OnSiteAt,
    DateTimeOffset? ReportedAt,
    string? Report,
    string? DeclineReason,
    int UrgeCount,
    bool FlaggedToDirector,
    bool EscalatedToLevelAbove)
{
    /// <summary>The deadline the department is working towards now.</summary>
    public DateTimeOffset? NextDeadline => Summons.NextDeadlineOf(State, AcknowledgeDueAt, OnSiteDueAt, ResultDueAt);

    public bool IsOverdue(DateTimeOffset now) => Summons.IsOverdueAt(State, AcknowledgeDueAt, OnSiteDueAt, ResultDueAt, now);

    /// <summary>When the department declined (退回), for a decline awaiting the director's decision.</summary>
    public DateTimeOffset? DeclinedAt { get; init; }

    public Urgency UrgencyAt(DateTimeOffset now) => SummonsUrgency.Of(State, NextDeadline, EscalatedToLevelAbove, now);
}

/// <summary>
/// What a summoned department must know to act, beyond the summons itself: the director's
/// message, the place, whom to contact, who else is summoned, and whom to call at the center.
/// </summary>
public sealed record SummonsBrief(
    Guid WhistleId,
    string? Message,
    string CaseDescription,
    string? Township,
    string? Village,
    string? Address,
    IReadOnlyList<ContactRow> Parties,
    IReadOnlyList<OtherSummons> Others,
    ContactRow CenterContact);

public sealed record ContactRow(string Name, string? Phone);

/// <summary>Another department summoned to the same whistle, and how far it has got.</summary>
public sealed record OtherSummons(string DepartmentName, SummonsState State, bool Overdue);

/// <summary>A case raised to this center (升级) that nobody here has acted on yet.</summary>
public sealed record RaisedCaseRow(Guid CaseId, string Code, string Title, DateTimeOffset RaisedAt, string? Reason);

public sealed record WhistleRow(
    Guid Id,
    Guid CaseId,
    string CaseCode,
    string CaseTitle,
    CaseCategory Category,
    DateTimeOffset BlownAt,
    string BlownBy,
    string PolicyName,
    IReadOnlyList<SummonsRow> Summonses)
{
    public WhistleStatus Status { get; init; } = WhistleStatus.Open;

    public WhistleOutcome? Outcome { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public string? Message { get; init; }

    /// <summary>Whether any summoned department is past its current step's deadline.</summary>
    public bool IsOverdue(DateTimeOffset now) => Summonses.Any(s => s.IsOverdue(now));

    public Urgency UrgencyAt(DateTimeOffset now) => SummonsUrgency.OfWhistle(Summonses.Select(s => s.UrgencyAt(now)));

    /// <summary>Running whistles as the console lists them: most urgent first, then the newest.</summary>
    public static IEnumerable<WhistleRow> ByUrgency(IEnumerable<WhistleRow> whistles, DateTimeOffset now) =>
        whistles.OrderBy(w => w.UrgencyAt(now)).ThenByDescending(w => w.BlownAt);
}

/// <summary>A department (or a township's 站所) and the center it belongs to.</summary>
public sealed record DepartmentRow(Guid Id, string Name, string ShortName, Guid CenterId, string CenterName = "", CenterLevel CenterLevel = CenterLevel.County);

/// <summary>How many times a department handled a category before (summoned or assigned).</summary>
public sealed record DepartmentExperience(Guid DepartmentId, int Count);

public sealed record KpiSnapshot(
    Period Period,
    Rate OnSiteResolution,
    Rate TimelyAcceptance,
    Rate OnTimeCompletion,
    Rate Satisfaction,
    IReadOnlyList<LevelShare> Levels,
    IReadOnlyList<CategoryTrend> TopCategories,
    IReadOnlyList<(string Department, AcknowledgementTime Time)> Acknowledgement,
    int CasesReceived,
    int CasesClosed)
{
    /// <summary>二次督办 started in the period (dissatisfied follow-ups sending a case back).</summary>
    public int SecondSupervisions { get; init; }

    /// <summary>Whistle → acknowledged over all departments together.</summary>
    public AcknowledgementTime? AcknowledgementOverall { get; init; }
}

public sealed record ConsoleOverview(
    IReadOnlyList<WhistleRow> RunningWhistles,
    IReadOnlyList<CaseRow> OpenCases,
    int OpenCaseCount,
    int OverdueCaseCount,
    int TodayReceived,
    int SupervisedCaseCount,
    KpiSnapshot Kpis);

public sealed record AttachmentRow(Guid Id, string FileName, string ContentType, long Length, DateTimeOffset UploadedAt, string UploadedBy);

public sealed record CenterRow(Guid Id, string Code, string Name, CenterLevel Level, Guid? ParentId);

/// <summary>A grid worker's report as their phone lists it: where it is in the loop and who holds it now.</summary>
public sealed record FieldReportRow(
    Guid Id,
    string Code,
    string Title,
    CaseCategory Category,
    CaseStatus Status,
    DateTimeOffset ReceivedAt,
    string HeldBy,
    string LastStep,
    DateTimeOffset LastAt,
    string? Outcome);

/// <summary>One text about a summons, as the console lists it: to whom, its state and when, why it failed or was not sent.</summary>
public sealed record TextRow(Guid Id, Guid? SummonsId, Domain.Messaging.TextPurpose Purpose, string RecipientName, string Phone, Domain.Messaging.TextState State, DateTimeOffset At, string? Reason)
{
    public string MaskedPhone => Phone.Length == 11 ? Domain.Messaging.MobileNumber.Masked(Phone) : Phone;
}
