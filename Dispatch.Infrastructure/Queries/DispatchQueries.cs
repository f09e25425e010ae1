using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Queries;

/// <summary>
/// The read side: projections for the console, the case list and the KPIs. Read-only, no
/// tracking; the rules of the KPIs stay in <see cref="KpiCalculator"/>.
/// </summary>
public sealed class DispatchQueries(IDbContextFactory<DispatchDbContext> factory, TimeProvider clock)
{
    /// <summary>What the KPIs need of a case, as a projection the database runs.</summary>
    internal static readonly System.Linq.Expressions.Expression<Func<Case, CaseFact>> ToFact =
        c => new CaseFact(c.Category, c.ReceivedAt, c.AcceptedAt, c.AcceptanceDueAt, c.DueAt, c.ClosedAt, c.ClosedAtLevel);

    public Task<ConsoleOverview> ConsoleAsync(CancellationToken cancellationToken) => ConsoleAsync(null, cancellationToken);

    /// <summary>The console of a center: its cases and those of the centers below it (<paramref name="centers"/>; null for the county, all).</summary>
    public async Task<ConsoleOverview> ConsoleAsync(IReadOnlyCollection<Guid>? centers, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var cases = db.Cases.AsNoTracking();
        var whistles = db.Whistles.AsNoTracking();
        IQueryable<Case>? scope = null;
        if (centers is not null)
        {
            var ids = centers.ToList();
            cases = scope = cases.Where(c => ids.Contains(c.CenterId) || (c.RaisedFromCenterId != null && ids.Contains(c.RaisedFromCenterId.Value)));
            whistles = OfCases(whistles, scope);
        }

        var running = await RunningWhistlesAsync(db, departmentId: null, scope, cancellationToken);
        var openCases = await ProjectRows(Open(cases).OrderByDescending(c => c.ReceivedAt).Take(12), db).ToListAsync(cancellationToken);
        var counts = await CaseCountsAsync(cases, now, cancellationToken);
        return new ConsoleOverview(
            running,
            openCases,
            counts.Open,
            counts.Overdue,
            counts.ReceivedToday,
            counts.Supervised,
            await KpisAsync(db, new Period(now.AddDays(-30), now), now, cases, whistles, cancellationToken));
    }

    private static readonly CaseStatus[] OpenStatuses = [.. Case.OpenStatuses];

    /// <summary>Open cases (<see cref="Case.IsOpen"/>) as a query: by the open statuses, so the status index narrows a year of cases to the few hundred open.</summary>
    internal static IQueryable<Case> Open(IQueryable<Case> cases) => cases.Where(c => OpenStatuses.Contains(c.Status));

    /// <summary>
    /// The whistles on the cases of <paramref name="scope"/>, as a correlated EXISTS: each whistle
    /// looks its case up by key, where an IN list would first read every case of a township's year.
    /// </summary>
    internal static IQueryable<Whistle> OfCases(IQueryable<Whistle> whistles, IQueryable<Case> scope) =>
        whistles.Where(w => scope.Any(c => c.Id == w.CaseId));

    /// <summary>Open cases, open cases past their due date, cases received since local midnight, open cases under second supervision.</summary>
    internal static async Task<(int Open, int Overdue, int ReceivedToday, int Supervised)> CaseCountsAsync(IQueryable<Case> cases, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var todayStart = WorkingCalendar.StartOfLocalDay(now);
        var open = Open(cases);
        return (
            await open.CountAsync(cancellationToken),
            await open.CountAsync(c => c.DueAt != null && c.DueAt < now, cancellationToken),
            await cases.CountAsync(c => c.ReceivedAt >= todayStart, cancellationToken),
            await open.CountAsync(c => c.SupervisionCount > 0, cancellationToken));
    }

    /// <summary>The open whistles, newest first; for a department terminal only its own summonses.</summary>
    public async Task<IReadOnlyList<WhistleRow>> RunningWhistlesAsync(Guid? departmentId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await RunningWhistlesAsync(db, departmentId, scope: null, cancellationToken);
    }

    /// <summary>Every whistle blown on a case, running and closed, newest first, with each summoned department's state.</summary>
    public async Task<IReadOnlyList<WhistleRow>> WhistlesOfCaseAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await WhistleRowsAsync(db, db.Whistles.AsNoTracking().Where(w => w.CaseId == caseId), departmentId: null, cancellationToken);
    }

    /// <summary>
    /// The departments a user may summon or hand cases to (<see cref="Permissions.EnsureCanSummon"/>):
    /// those of their centers, the own center's first, and the county's when a township's policy
    /// allows. Null scope: every department.
    /// </summary>
    public async Task<IReadOnlyList<DepartmentRow>> DepartmentsAsync(CenterScope? scope, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var all = await db.Departments.AsNoTracking().OrderBy(d => d.Name)
            .Join(db.Centers.AsNoTracking(), d => d.CenterId, c => c.Id, (d, c) => new DepartmentRow(d.Id, d.Name, d.ShortName, d.CenterId, c.Name, c.Level))
            .ToListAsync(cancellationToken);
        if (scope is null)
        {
            return all;
        }

        return [.. all.Where(d => Permissions.CanSummon(scope, d.CenterId))
            .OrderBy(d => d.CenterId == scope.CenterId ? 0 : 1)];
    }

    /// <summary>
    /// The departments that handled a category most in the history — summoned to its whistles
    /// (reassigned summonses not counted) or given its cases to handle — most first, then by name.
    /// The blow dialog suggests them in this order.
    /// </summary>
    public async Task<IReadOnlyList<DepartmentExperience>> ExperienceAsync(CaseCategory category, int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var ofCategory = db.Cases.AsNoTracking().Where(c => c.Category == category);
        var summoned = await db.Summonses.AsNoTracking()
            .Where(s => s.State != SummonsState.Reassigned)
            .Join(db.Whistles, s => s.WhistleId, w => w.Id, (s, w) => new { s.DepartmentId, w.CaseId })
            .Where(x => ofCategory.Any(c => c.Id == x.CaseId))
            .GroupBy(x => x.DepartmentId)
            .Select(g => new { DepartmentId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var assigned = await ofCategory.Where(c => c.AssignedDepartmentId != null)
            .GroupBy(c => c.AssignedDepartmentId!.Value)
            .Select(g => new { DepartmentId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var names = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.ShortName, cancellationToken);
        return [.. summoned.Concat(assigned)
            .Where(x => names.ContainsKey(x.DepartmentId))
            .GroupBy(x => x.DepartmentId)
            .Select(g => new DepartmentExperience(g.Key, g.Sum(x => x.Count)))
            .OrderByDescending(e => e.Count).ThenBy(e => names[e.DepartmentId], StringComparer.Ordinal)
            .Take(Math.Clamp(take, 1, 20))];
    }

    public async Task<CasePage> CasesAsync(CaseQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var cases = db.Cases.AsNoTracking();
        if (query.Centers is { } centers)
        {
            var ids = centers.ToList();
            cases = cases.Where(c => ids.Contains(c.CenterId) || (c.RaisedFromCenterId != null && ids.Contains(c.RaisedFromCenterId.Value)));
        }

        if (query.OpenOnly)
        {
            cases = Open(cases);
        }

        if (query.Status is { } status)
        {
            cases = cases.Where(c => c.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            var upper = term.ToUpperInvariant();
            // Parties are one JSON text column (names unescaped): a LIKE over it finds a party's name or phone.
            var pattern = "%" + term.Replace("%", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal) + "%";
            var byParty = db.Database.SqlQuery<Guid>($"SELECT \"Id\" AS \"Value\" FROM \"Cases\" WHERE \"Parties\" LIKE {pattern}");
            cases = cases.Where(c => c.Code.Contains(upper) || c.Title.Contains(term) || (c.Address != null && c.Address.Contains(term)) || byParty.Contains(c.Id));
        }

        var total = await cases.CountAsync(cancellationToken);
        var order = query.Order ?? CaseOrder.Default;
        cases = (order.Key, order.Descending) switch
        {
            (CaseSortKey.DueAt, false) => cases.OrderBy(c => c.DueAt).ThenBy(c => c.Code),
            (CaseSortKey.DueAt, true) => cases.OrderByDescending(c => c.DueAt).ThenBy(c => c.Code),
            (CaseSortKey.Code, false) => cases.OrderBy(c => c.Code),
            (CaseSortKey.Code, true) => cases.OrderByDescending(c => c.Code),
            (_, false) => cases.OrderBy(c => c.ReceivedAt).ThenBy(c => c.Code),
            _ => cases.OrderByDescending(c => c.ReceivedAt).ThenByDescending(c => c.Code),
        };
        var rows = await ProjectRows(cases.Skip(query.Skip).Take(Math.Clamp(query.Take, 1, 200)), db).ToListAsync(cancellationToken);
        return new CasePage(rows, total);
    }

    public async Task<Case?> CaseAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    /// <summary>One case as the lists show it (for the whistle dialog opened from the case's page).</summary>
    public async Task<CaseRow?> CaseRowAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await ProjectRows(db.Cases.AsNoTracking().Where(c => c.Id == id), db).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<Case?> CaseByCodeAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, cancellationToken);
    }

    /// <summary>Cases an API client filed, newest first (Open311 GET requests).</summary>
    /// <param name="source">The filing client, or null for cases filed by any client (never those registered at a window).</param>
    public async Task<IReadOnlyList<Case>> CasesFiledByAsync(string? source, IReadOnlyCollection<string>? codes, CaseCategory? category, DateTimeOffset from, DateTimeOffset to, bool? open, int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var (start, end) = (from.ToUniversalTime(), to.ToUniversalTime());
        var cases = source is null ? db.Cases.AsNoTracking().Where(c => c.Source != null) : db.Cases.AsNoTracking().Where(c => c.Source == source);
        cases = codes is { Count: > 0 } ? cases.Where(c => codes.Contains(c.Code)) : cases.Where(c => c.ReceivedAt >= start && c.ReceivedAt < end);
        if (category is { } wanted)
        {
            cases = cases.Where(c => c.Category == wanted);
        }

        if (open is { } isOpen)
        {
            cases = isOpen ? Open(cases) : cases.Where(c => !OpenStatuses.Contains(c.Status));
        }

        return await cases.OrderByDescending(c => c.ReceivedAt).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>The files of a case, without their content.</summary>
    public async Task<IReadOnlyList<AttachmentRow>> AttachmentsAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.CaseAttachments.AsNoTracking().Where(a => a.CaseId == caseId).OrderBy(a => a.UploadedAt)
            .Select(a => new AttachmentRow(a.Id, a.FileName, a.ContentType, a.Length, a.UploadedAt, a.UploadedBy))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Cases handed to a department and not yet answered with a result (its terminal's 交办案件).</summary>
    /// <summary>
    /// The cases handed to a department and not yet answered with a result (its 交办案件), the
    /// nearest deadline first; whole cases, because the department needs the parties and the story.
    /// </summary>
    public async Task<IReadOnlyList<Case>> HandlingByDepartmentAsync(Guid departmentId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Cases.AsNoTracking().Where(c => c.AssignedDepartmentId == departmentId && c.Status == CaseStatus.Handling).OrderBy(c => c.DueAt)
            .ToListAsync(cancellationToken);
    }

    public async Task<Guid?> StaffCenterAsync(Guid staffId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Staff.Where(s => s.Id == staffId).Select(s => (Guid?)s.CenterId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Every center, county first, for routing and intake pickers.</summary>
    public async Task<IReadOnlyList<CenterRow>> CentersAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var centers = await db.Centers.AsNoTracking().Select(c => new CenterRow(c.Id, c.Code, c.Name, c.Level, c.ParentId)).ToListAsync(cancellationToken);
        return [.. centers.OrderByDescending(c => c.Level).ThenBy(c => c.Code, StringComparer.Ordinal)];
    }

    public async Task<KpiSnapshot> KpisAsync(Period period, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await KpisAsync(db, period, clock.GetUtcNow(), db.Cases, db.Whistles, cancellationToken);
    }

    /// <summary>The KPIs over the cases and whistles given (all of them, or a center's for a township wall).</summary>
    internal static async Task<KpiSnapshot> KpisAsync(DispatchDbContext db, Period period, DateTimeOffset now, IQueryable<Case> scope, IQueryable<Whistle> scopeWhistles, CancellationToken cancellationToken)
    {
        // PostgreSQL takes UTC only; a period may come in China time.
        period = new Period(period.From.ToUniversalTime(), period.To.ToUniversalTime());
        var earliest = period.Previous.From;
        var cases = await scope.AsNoTracking()
            .Where(c => c.ReceivedAt >= earliest || c.ClosedAt >= period.From || c.DueAt >= period.From)
            .Select(ToFact)
            .ToListAsync(cancellationToken);
        var whistles = await scopeWhistles.AsNoTracking()
            .Where(w => w.ClosedAt >= period.From && w.ClosedAt < period.To)
            .Select(w => new WhistleFact(w.ClosedAt, w.Outcome, w.Outcome == WhistleOutcome.ResolvedOnSite || w.WentOnSite))
            .ToListAsync(cancellationToken);
        var followUps = await scope.AsNoTracking()
            .SelectMany(c => c.FollowUps)
            .Where(f => f.At >= period.From && f.At < period.To)
            .Select(f => new FollowUpFact(f.At, f.Satisfaction))
            .ToListAsync(cancellationToken);
        var acknowledgements = await db.Summonses.AsNoTracking()
            .Where(s => s.SummonedAt >= period.From && s.SummonedAt < period.To)
            .Where(s => scopeWhistles.Any(w => w.Id == s.WhistleId))
            .Select(s => new AcknowledgementFact(s.DepartmentId, s.SummonedAt, s.AcknowledgedAt))
            .ToListAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.ShortName, cancellationToken);
        return Snapshot(period, now, cases, whistles, followUps, acknowledgements, departments);
    }

    /// <summary>
    /// The KPI snapshot from facts already read (the reports read wider facts once and pass them
    /// here, with the previous period's cases counted per category in the database).
    /// </summary>
    internal static KpiSnapshot Snapshot(
        Period period,
        DateTimeOffset now,
        IReadOnlyCollection<CaseFact> cases,
        IReadOnlyCollection<WhistleFact> whistles,
        IReadOnlyCollection<FollowUpFact> followUps,
        IReadOnlyCollection<AcknowledgementFact> acknowledgements,
        IReadOnlyDictionary<Guid, string> departments,
        IReadOnlyDictionary<CaseCategory, int>? receivedBefore = null)
    {
        return new KpiSnapshot(
            period,
            KpiCalculator.OnSiteResolution(whistles, period),
            KpiCalculator.TimelyAcceptance(cases, period),
            KpiCalculator.OnTimeCompletion(cases, period, now),
            KpiCalculator.SatisfactionRate(followUps, period),
            KpiCalculator.LevelDistribution(cases, period),
            KpiCalculator.TopCategories(cases, period, receivedBefore: receivedBefore),
            [.. KpiCalculator.AcknowledgementTimes(acknowledgements, period).Select(a => (departments.GetValueOrDefault(a.DepartmentId, "未知部门"), a))],
            cases.Count(c => period.Contains(c.ReceivedAt)),
            cases.Count(c => c.ClosedAt is { } closed && period.Contains(closed)))
        {
            SecondSupervisions = KpiCalculator.SecondSupervisions(followUps, period),
            AcknowledgementOverall = KpiCalculator.AcknowledgementTimeOverall(acknowledgements, period),
        };
    }

    internal static async Task<IReadOnlyList<WhistleRow>> RunningWhistlesAsync(DispatchDbContext db, Guid? departmentId, IQueryable<Case>? scope, CancellationToken cancellationToken)
    {
        var whistles = db.Whistles.AsNoTracking().Where(w => w.Status == WhistleStatus.Open);
        if (scope is not null)
        {
            whistles = OfCases(whistles, scope);
        }

        if (departmentId is { } id)
        {
            whistles = whistles.Where(w => w.Summonses.Any(s => s.DepartmentId == id));
        }

        return await WhistleRowsAsync(db, whistles, departmentId, cancellationToken);
    }

    internal static async Task<IReadOnlyList<WhistleRow>> WhistleRowsAsync(DispatchDbContext db, IQueryable<Whistle> whistles, Guid? departmentId, CancellationToken cancellationToken)
    {
        var rows = await whistles
            .OrderByDescending(w => w.BlownAt)
            .Take(50)
            .Join(db.Cases, w => w.CaseId, c => c.Id, (w, c) => new { Whistle = w, c.Title, c.Category })
            .ToListAsync(cancellationToken);
        return [.. rows
            .OrderByDescending(r => r.Whistle.BlownAt)
            .Select(r => new WhistleRow(
                r.Whistle.Id,
                r.Whistle.CaseId,
                r.Whistle.CaseCode,
                r.Title,
                r.Category,
                r.Whistle.BlownAt,
                r.Whistle.BlownBy,
                r.Whistle.ResponsePolicy.Name,
                [.. r.Whistle.Summonses
                    .Where(s => s.State != SummonsState.Reassigned && (departmentId is null || s.DepartmentId == departmentId))
                    .OrderBy(s => s.SummonedAt).ThenBy(s => s.DepartmentName, StringComparer.Ordinal)
                    .Select(s => new SummonsRow(s.Id, s.DepartmentId, s.DepartmentName, s.State, s.SummonedAt, s.AcknowledgeDueAt, s.OnSiteDueAt,
                        s.ResultDueAt, s.AcknowledgedAt, s.AcknowledgedBy, s.OnSiteAt, s.ReportedAt, s.Report, s.DeclineReason, s.UrgeCount, s.FlaggedToDirector, s.EscalatedToLevelAbove)
                    {
                        DeclinedAt = s.DeclinedAt,
                    })])
            {
                Status = r.Whistle.Status,
                Outcome = r.Whistle.Outcome,
                ClosedAt = r.Whistle.ClosedAt,
                Message = r.Whistle.Message,
            })];
    }

    /// <summary>
    /// The briefs of a department's running summonses: everything on its summons card beyond the
    /// summons. Only whistles that summon the department are read; the other departments appear
    /// by name and state only.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, SummonsBrief>> BriefsAsync(Guid departmentId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var whistles = await db.Whistles.AsNoTracking()
            .Where(w => w.Status == WhistleStatus.Open && w.Summonses.Any(s => s.DepartmentId == departmentId))
            .Join(db.Cases, w => w.CaseId, c => c.Id, (w, c) => new { Whistle = w, Case = c })
            .ToListAsync(cancellationToken);
        var placeIds = whistles.SelectMany(x => new[] { x.Case.TownshipId, x.Case.VillageId }).OfType<Guid>().Distinct().ToList();
        var places = await db.Centers.AsNoTracking().Where(c => placeIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var centerIds = whistles.Select(x => x.Whistle.CenterId).Distinct().ToList();
        var commanders = await db.Staff.AsNoTracking()
            .Where(s => centerIds.Contains(s.CenterId) && (s.Role == StaffRole.Director || s.Role == StaffRole.Dispatcher))
            .Select(s => new { s.CenterId, s.DisplayName, s.Phone, s.Role })
            .ToListAsync(cancellationToken);
        string? PlaceName(Guid? id) => id is { } key && places.TryGetValue(key, out var name) ? name : null;
        ContactRow ContactFor(Guid centerId, string blownBy) =>
            commanders.FirstOrDefault(s => s.CenterId == centerId && s.DisplayName == blownBy) is { } blower
                ? new ContactRow(blower.DisplayName, blower.Phone)
                : commanders.Where(s => s.CenterId == centerId && s.Phone != null).OrderBy(s => s.Role).Select(s => new ContactRow(s.DisplayName, s.Phone)).FirstOrDefault()
                  ?? new ContactRow(blownBy, null);
        return whistles.ToDictionary(
            x => x.Whistle.Id,
            x => new SummonsBrief(
                x.Whistle.Id,
                x.Whistle.Message,
                x.Case.Description,
                PlaceName(x.Case.TownshipId),
                PlaceName(x.Case.VillageId),
                x.Case.Address,
                [.. x.Case.Parties.Select(p => new ContactRow(p.Name, p.Phone))],
                [.. x.Whistle.Summonses
                    .Where(s => s.DepartmentId != departmentId && s.State != SummonsState.Reassigned)
                    .OrderBy(s => s.SummonedAt).ThenBy(s => s.DepartmentName, StringComparer.Ordinal)
                    .Select(s => new OtherSummons(s.DepartmentName, s.State, s.IsOverdue(now)))],
                ContactFor(x.Whistle.CenterId, x.Whistle.BlownBy)));
    }

    /// <summary>
    /// Open cases raised (升级) to a center that nobody there has acted on since: the last line of
    /// their timeline is still the raise. Oldest first.
    /// </summary>
    public Task<IReadOnlyList<RaisedCaseRow>> RaisedAsync(CenterLevel level, CancellationToken cancellationToken) =>
        RaisedAsync(level, centerId: null, cancellationToken);

    /// <summary>As <see cref="RaisedAsync(CenterLevel, CancellationToken)"/>, for one receiving center (a township's 「待处理」).</summary>
    public async Task<IReadOnlyList<RaisedCaseRow>> RaisedAsync(CenterLevel level, Guid? centerId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var cases = await Open(db.Cases.AsNoTracking())
            .Where(c => c.CenterLevel == level && c.RaisedAt != null && (centerId == null || c.CenterId == centerId))
            .OrderBy(c => c.RaisedAt)
            .Take(200)
            .ToListAsync(cancellationToken);
        return [.. cases
            .Where(c => c.AwaitsReceivingCenter)
            .Select(c => new RaisedCaseRow(c.Id, c.Code, c.Title, c.RaisedAt!.Value, c.LastOf(TimelineKind.Raised)?.Note))];
    }

    /// <summary>The texts (短信) of these whistles, oldest first: what was sent to whom about each summons, and how it stands.</summary>
    public async Task<IReadOnlyList<TextRow>> TextsAsync(IReadOnlyCollection<Guid> whistleIds, CancellationToken cancellationToken)
    {
        if (whistleIds.Count == 0)
        {
            return [];
        }

        var ids = whistleIds.ToList();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var texts = await db.TextMessages.AsNoTracking().Where(t => t.WhistleId != null && ids.Contains(t.WhistleId.Value) && t.Purpose != Domain.Messaging.TextPurpose.Reply)
            .OrderBy(t => t.CreatedAt).Take(2000).ToListAsync(cancellationToken);
        return [.. texts.Select(t => new TextRow(t.Id, t.SummonsId, t.Purpose, t.RecipientName, t.Phone, t.State,
            t.DeliveredAt ?? t.FailedAt ?? t.SentAt ?? t.CreatedAt, t.State is Domain.Messaging.TextState.Failed or Domain.Messaging.TextState.Skipped or Domain.Messaging.TextState.Queued ? t.LastError : null))];
    }

    /// <summary>The latest texts of every kind, newest first, for the administrators' 短信记录.</summary>
    public async Task<IReadOnlyList<Domain.Messaging.TextMessage>> RecentTextsAsync(int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.TextMessages.AsNoTracking().OrderByDescending(t => t.CreatedAt).Take(Math.Clamp(take, 1, 1000)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// What became of a grid worker's reports (小事网格解): the 网格上报 cases they registered in
    /// their village, newest first, with the center holding each now and its last step.
    /// </summary>
    public async Task<IReadOnlyList<FieldReportRow>> FieldReportsAsync(Guid staffId, Guid villageId, int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.VillageId == villageId && c.Channel == Channel.GridReport && c.Timeline.Any(t => t.Sequence == 1 && t.ActorId == staffId))
            .OrderByDescending(c => c.ReceivedAt)
            .Take(Math.Clamp(take, 1, 100))
            .ToListAsync(cancellationToken);
        var holders = cases.Select(c => c.CenterId).Distinct().ToList();
        var names = await db.Centers.AsNoTracking().Where(c => holders.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        return [.. cases.Select(c =>
        {
            var last = c.Timeline.MaxBy(t => t.Sequence)!;
            return new FieldReportRow(c.Id, c.Code, c.Title, c.Category, c.Status, c.ReceivedAt, names.GetValueOrDefault(c.CenterId, string.Empty),
                Labels.Of(last.Kind), last.At, c.Outcome ?? c.Result);
        })];
    }

    internal static IQueryable<CaseRow> ProjectRows(IQueryable<Case> cases, DispatchDbContext db) =>
        from c in cases
        join v in db.Centers on c.VillageId equals v.Id into villages
        from village in villages.DefaultIfEmpty()
        select new CaseRow(c.Id, c.Code, c.Title, c.Channel, c.Category, c.Status, c.RiskLevel, c.CenterLevel,
            village == null ? c.Address : village.Name, c.ReceivedAt, c.DueAt, c.ClosedAt)
        {
            SupervisionCount = c.SupervisionCount,
            CenterId = c.CenterId,
        };
}
