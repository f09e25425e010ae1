using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Reports;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Reports;

/// <summary>Where a published bulletin goes besides the terminals: the log by default, e-mail when configured.</summary>
public interface IBulletinSender
{
    string Name { get; }

    Task SendAsync(Bulletin bulletin, CancellationToken cancellationToken);
}

/// <summary>
/// 每日信访通报: composes the day's bulletin from the database, stores it once per day (a unique
/// day, so two nodes at 17:00 make one), and delivers it once (a claim in the database decides
/// which node sends).
/// </summary>
public sealed class BulletinService(
    IDbContextFactory<DispatchDbContext> factory,
    UnitOfWork unitOfWork,
    WorkingCalendar calendar,
    TimeProvider clock,
    IEnumerable<IBulletinSender> senders,
    ILogger<BulletinService> logger)
{
    private static readonly SummonsState[] Owing = [.. Summons.InProgressStates];

    /// <summary>The bulletin of <paramref name="day"/> as it would read at <paramref name="at"/>, without storing it.</summary>
    public async Task<BulletinContent> ComposeAsync(DateOnly day, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), calendar.UtcOffset).ToUniversalTime();
        var since = start.AddDays(-1);
        var until = at.ToUniversalTime();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.ReceivedAt >= since || c.ClosedAt >= start || (c.ClosedAt == null && c.Status != CaseStatus.Rejected))
            .Where(c => c.ReceivedAt < until)
            .Select(c => new CaseFact(c.Category, c.ReceivedAt, c.AcceptedAt, c.AcceptanceDueAt, c.DueAt, c.ClosedAt, c.ClosedAtLevel) { Id = c.Id, Status = c.Status })
            .ToListAsync(cancellationToken);
        var whistles = await db.Whistles.AsNoTracking()
            .Where(w => (w.BlownAt >= start && w.BlownAt < until) || (w.ClosedAt >= start && w.ClosedAt < until))
            .Select(w => new WhistleFact(w.ClosedAt, w.Outcome, w.Outcome == WhistleOutcome.ResolvedOnSite || w.WentOnSite) { BlownAt = w.BlownAt })
            .ToListAsync(cancellationToken);
        var followUps = await db.Cases.AsNoTracking()
            .SelectMany(c => c.FollowUps)
            .Where(f => f.At >= start && f.At < until)
            .Select(f => new FollowUpFact(f.At, f.Satisfaction))
            .ToListAsync(cancellationToken);
        var acknowledgements = await db.Summonses.AsNoTracking()
            .Where(s => s.SummonedAt >= start && s.SummonedAt < until && s.State != SummonsState.Declined && s.State != SummonsState.Reassigned)
            .Select(s => new AcknowledgementFact(s.DepartmentId, s.SummonedAt, s.AcknowledgedAt))
            .ToListAsync(cancellationToken);
        var open = await OpenObligationsAsync(db, cancellationToken);
        return BulletinComposer.Compose(day, at, calendar, cases, whistles, followUps, acknowledgements, open);
    }

    /// <summary>「立即生成」 from the bulletins page: the director or a dispatcher publishes today's bulletin before its time (once per day all the same).</summary>
    public async Task<Bulletin> PublishNowAsync(Operator user, CancellationToken cancellationToken)
    {
        Permissions.EnsureCanRunCases(user);
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            Permissions.EnsureCounty(await Security.CenterScopes.OfAsync(db, user, cancellationToken), "每日信访通报");
        }

        return await PublishAsync(cancellationToken);
    }

    /// <summary>
    /// Publishes the bulletin of the day of now (once: a second call, or a second node, gets the
    /// stored one back) and delivers it if nobody has yet.
    /// </summary>
    public async Task<Bulletin> PublishAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var day = BulletinComposer.DayOf(now, calendar);
        var bulletin = await unitOfWork.ExecuteAsync(async db =>
        {
            if (await db.Bulletins.AsNoTracking().FirstOrDefaultAsync(b => b.Day == day, cancellationToken) is { } existing)
            {
                return existing;
            }

            var content = await ComposeAsync(day, now, cancellationToken);
            var yearStart = new DateOnly(day.Year, 1, 1);
            var sequence = await db.Bulletins.CountAsync(b => b.Day >= yearStart && b.Day < day, cancellationToken) + 1;
            var area = await db.Centers.AsNoTracking().Where(c => c.Level == CenterLevel.County).OrderBy(c => c.Code)
                .Select(c => c.Name).FirstOrDefaultAsync(cancellationToken) ?? "综治中心";
            var county = await db.Centers.AsNoTracking().Where(c => c.Level == CenterLevel.County).Select(c => c.Id).ToListAsync(cancellationToken);
            var departments = await db.Departments.AsNoTracking().Where(d => county.Contains(d.CenterId)).Select(d => d.Id).ToListAsync(cancellationToken);
            var published = Bulletin.Publish(Guid.CreateVersion7(), sequence, area.Replace("综治中心", string.Empty, StringComparison.Ordinal), content, departments, now);
            db.Bulletins.Add(published);
            return published;
        }, cancellationToken);
        await DeliverAsync(bulletin.Id, cancellationToken);
        return bulletin;
    }

    /// <summary>Sends a stored bulletin through every sender, if this node wins the claim; a bulletin is never sent twice.</summary>
    public async Task<bool> DeliverAsync(Guid bulletinId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var claimed = await db.Bulletins
            .Where(b => b.Id == bulletinId && b.DeliveryClaimedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.DeliveryClaimedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        var bulletin = await db.Bulletins.FirstAsync(b => b.Id == bulletinId, cancellationToken);
        var errors = new List<string>();
        foreach (var sender in senders)
        {
            try
            {
                await sender.SendAsync(bulletin, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Bulletin {Number} could not be sent through {Sender}", bulletin.Number, sender.Name);
                errors.Add($"{sender.Name}：{ex.Message}");
            }
        }

        bulletin.Delivered(clock.GetUtcNow(), errors.Count == 0 ? null : string.Join("；", errors));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Every open obligation now: summons steps of running whistles, and the 办理期限 of cases in handling.</summary>
    internal static async Task<List<Obligation>> OpenObligationsAsync(DispatchDbContext db, CancellationToken cancellationToken)
    {
        var summonses = await (
            from s in db.Summonses.AsNoTracking()
            join w in db.Whistles.AsNoTracking() on s.WhistleId equals w.Id
            join c in db.Cases.AsNoTracking() on w.CaseId equals c.Id
            where w.Status == WhistleStatus.Open && Owing.Contains(s.State)
            select new { w.CaseCode, c.Title, s.DepartmentId, s.DepartmentName, s.State, s.AcknowledgeDueAt, s.OnSiteDueAt, s.ResultDueAt })
            .ToListAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.ShortName, cancellationToken);
        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.Status == CaseStatus.Handling && c.DueAt != null)
            .Select(c => new { c.Code, c.Title, c.AssignedDepartmentId, c.DueAt })
            .ToListAsync(cancellationToken);
        return
        [
            .. summonses.Select(s => s.State switch
            {
                SummonsState.Pending => new Obligation(s.CaseCode, s.Title, s.DepartmentId, s.DepartmentName, ObligationKind.Acknowledge, s.AcknowledgeDueAt),
                SummonsState.Acknowledged => new Obligation(s.CaseCode, s.Title, s.DepartmentId, s.DepartmentName, ObligationKind.OnSite, s.OnSiteDueAt),
                _ => new Obligation(s.CaseCode, s.Title, s.DepartmentId, s.DepartmentName, ObligationKind.Result, s.ResultDueAt),
            }),
            .. cases.Select(c => new Obligation(c.Code, c.Title, c.AssignedDepartmentId,
                c.AssignedDepartmentId is { } id ? departments.GetValueOrDefault(id, "未知部门") : BulletinComposer.CenterOwner, ObligationKind.CaseDue, c.DueAt!.Value)),
        ];
    }
}

/// <summary>The default sender: the bulletin's text goes to the log, so a deployment without mail still has a record.</summary>
public sealed class LogBulletinSender(ILogger<LogBulletinSender> logger) : IBulletinSender
{
    public string Name => "日志";

    public Task SendAsync(Bulletin bulletin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bulletin);
        logger.LogInformation("Daily bulletin {Number}:\n{Text}", bulletin.Number, bulletin.Text);
        return Task.CompletedTask;
    }
}
