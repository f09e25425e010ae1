using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Escalation;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Presence;
using Dispatch.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Whistles;

/// <summary>
/// The whistle use cases: load, authorize, apply the domain rule, save, in one unit of work
/// (re-run on a concurrency conflict). Every entry point checks <see cref="Permissions"/> on
/// the server, so a page or hub client cannot do more than its role allows.
/// </summary>
public sealed class WhistleCommands(UnitOfWork unitOfWork, TimeProvider clock, WorkingCalendar calendar, PresenceBoard presence)
{
    public Task<Guid> BlowAsync(Operator user, Guid caseId, IReadOnlyCollection<Guid> departmentIds, ResponsePolicy policy, string? message, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanCommand(user);
        ArgumentNullException.ThrowIfNull(departmentIds);
        return BlowCoreAsync(user, caseId, departmentIds, policy, message, cancellationToken);
    }

    private async Task<Guid> BlowCoreAsync(Operator user, Guid caseId, IReadOnlyCollection<Guid> departmentIds, ResponsePolicy policy, string? message, CancellationToken cancellationToken)
    {
        // Read before the transaction: presence is advisory and may be unknown (then nothing is assumed).
        var nobodyPresent = await presence.NobodyPresentAsync(departmentIds, cancellationToken);
        return await unitOfWork.ExecuteAsync(async db =>
        {
            var scope = await CenterScopes.OfAsync(db, user, cancellationToken);
            var @case = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken).OrNotFound("该案件");
            Permissions.EnsureInScope(user, @case, scope);
            var departments = await db.Departments.AsNoTracking().Where(d => departmentIds.Contains(d.Id)).ToListAsync(cancellationToken);
            if (departments.Count != departmentIds.Distinct().Count())
            {
                throw new DomainException("所选部门中有的已不存在，请刷新后重新选择。");
            }

            foreach (var department in departments)
            {
                Permissions.EnsureCanSummon(scope, department.CenterId, department.ShortName);
            }

            var running = await db.Whistles.AsNoTracking().FirstOrDefaultAsync(w => w.CaseId == caseId && w.Status == WhistleStatus.Open, cancellationToken);
            var ordered = departmentIds.Distinct().Select(id => departments.Single(d => d.Id == id)).Select(d => new SummonedDepartment(d.Id, d.ShortName)).ToList();
            var whistle = Whistle.Blow(Guid.CreateVersion7(), @case, ordered, policy, await EscalationPolicies.DefaultAsync(db, cancellationToken), message, calendar, user.Actor, clock.GetUtcNow(), openWhistleOnCase: running, nobodyPresent: nobodyPresent);
            db.Whistles.Add(whistle);
            if (whistle.HasTaken(EscalationAction.EscalateToLevelAbove))
            {
                await EscalationService.RaiseCaseAsync(db, @case, clock.GetUtcNow(), "召集的部门无人在岗", cancellationToken);
            }

            return whistle.Id;
        }, cancellationToken);
    }

    public Task AcknowledgeAsync(Operator user, Guid summonsId, CancellationToken cancellationToken = default) =>
        AnswerAsync(user, summonsId, (w, c, now) => w.Acknowledge(summonsId, c, user.Actor, now), cancellationToken);

    public Task MarkOnSiteAsync(Operator user, Guid summonsId, CancellationToken cancellationToken = default) =>
        AnswerAsync(user, summonsId, (w, c, now) => w.MarkOnSite(summonsId, c, user.Actor, now), cancellationToken);

    public Task ReportAsync(Operator user, Guid summonsId, string report, CancellationToken cancellationToken = default) =>
        AnswerAsync(user, summonsId, (w, c, now) => w.Report(summonsId, report, c, user.Actor, now), cancellationToken);

    public Task DeclineAsync(Operator user, Guid summonsId, string reason, CancellationToken cancellationToken = default) =>
        AnswerAsync(user, summonsId, (w, c, now) => w.Decline(summonsId, reason, c, user.Actor, now), cancellationToken);

    public Task UrgeAsync(Operator user, Guid summonsId, string? note, CancellationToken cancellationToken = default) =>
        CommandAsync(user, summonsId, (w, c, now) => w.Urge(summonsId, note, c, user.Actor, now), cancellationToken);

    public Task InsistAsync(Operator user, Guid summonsId, string note, CancellationToken cancellationToken = default) =>
        CommandAsync(user, summonsId, (w, c, now) => w.Insist(summonsId, note, calendar, c, user.Actor, now), cancellationToken);

    public Task ReassignAsync(Operator user, Guid summonsId, Guid toDepartmentId, string note, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanCommand(user);
        return unitOfWork.ExecuteAsync(async db =>
        {
            var (whistle, @case) = await LoadBySummonsAsync(db, summonsId, cancellationToken);
            var scope = await CenterScopes.OfAsync(db, user, cancellationToken);
            Permissions.EnsureInScope(user, @case, scope);
            var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == toDepartmentId, cancellationToken).OrNotFound("改派的部门");
            Permissions.EnsureCanSummon(scope, department.CenterId, department.ShortName);
            whistle.Reassign(summonsId, new SummonedDepartment(department.Id, department.ShortName), note, calendar, @case, user.Actor, clock.GetUtcNow());
        }, cancellationToken);
    }

    public Task CloseAsync(Operator user, Guid whistleId, WhistleOutcome outcome, string? note, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanCommand(user);
        return unitOfWork.ExecuteAsync(async db =>
        {
            var whistle = await db.Whistles.FirstOrDefaultAsync(w => w.Id == whistleId, cancellationToken).OrNotFound("该哨令");
            var @case = await db.Cases.FirstAsync(c => c.Id == whistle.CaseId, cancellationToken);
            Permissions.EnsureInScope(user, @case, await CenterScopes.OfAsync(db, user, cancellationToken));
            whistle.Close(outcome, note, @case, user.Actor, clock.GetUtcNow());
        }, cancellationToken);
    }

    private Task AnswerAsync(Operator user, Guid summonsId, Action<Whistle, Case, DateTimeOffset> act, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(async db =>
        {
            var (whistle, @case) = await LoadBySummonsAsync(db, summonsId, cancellationToken);
            Permissions.EnsureCanAnswer(user, whistle.SummonsFor(summonsId));
            act(whistle, @case, clock.GetUtcNow());
        }, cancellationToken);

    private Task CommandAsync(Operator user, Guid summonsId, Action<Whistle, Case, DateTimeOffset> act, CancellationToken cancellationToken)
    {
        Permissions.EnsureCanCommand(user);
        return unitOfWork.ExecuteAsync(async db =>
        {
            var (whistle, @case) = await LoadBySummonsAsync(db, summonsId, cancellationToken);
            Permissions.EnsureInScope(user, @case, await CenterScopes.OfAsync(db, user, cancellationToken));
            act(whistle, @case, clock.GetUtcNow());
        }, cancellationToken);
    }

    private static async Task<(Whistle Whistle, Case Case)> LoadBySummonsAsync(DispatchDbContext db, Guid summonsId, CancellationToken cancellationToken)
    {
        var whistle = await db.Whistles.FirstOrDefaultAsync(w => w.Summonses.Any(s => s.Id == summonsId), cancellationToken)
            .OrNotFound("这条召集记录");
        var @case = await db.Cases.FirstAsync(c => c.Id == whistle.CaseId, cancellationToken);
        return (whistle, @case);
    }
}
