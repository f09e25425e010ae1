using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Cases;

/// <summary>
/// The case's loop after intake: routing (不予受理, 分流, 研判), handling (处置, 调解, results) and
/// follow-up (回访 with second supervision, 结案). Each is authorized on the server and runs in
/// one unit of work: load, call the aggregate, save.
/// </summary>
public sealed class CaseCommands(UnitOfWork unitOfWork, TimeProvider clock, WorkingCalendar calendar)
{
    public Task RejectAsync(Operator user, Guid caseId, string reason, CancellationToken cancellationToken = default) =>
        RunAsync(user, caseId, (c, now) => c.Reject(reason, user.Actor, now), cancellationToken);

    /// <summary>分流 to a department of the center, or to another center (lower or higher).</summary>
    public async Task RouteAsync(Operator user, Guid caseId, Guid? centerId, Guid? departmentId, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanRunCases(user);
        await unitOfWork.ExecuteAsync(async db =>
        {
            var @case = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken).OrNotFound("该案件");
            var scope = await CenterScopes.OfAsync(db, user, cancellationToken);
            Permissions.EnsureInScope(user, @case, scope);
            var center = await db.Centers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == (centerId ?? @case.CenterId), cancellationToken).OrNotFound("分流的中心");
            Permissions.EnsureCanRouteTo(scope, center.Id, center.Name);

            string to = center.Name;
            if (departmentId is { } d)
            {
                var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == d, cancellationToken).OrNotFound("分流的部门");
                Permissions.EnsureCanSummon(scope, department.CenterId, department.ShortName);
                to = $"{center.Name}·{department.ShortName}";
            }

            @case.Route(center.Id, center.Level, departmentId, to, user.Actor, clock.GetUtcNow());
        }, cancellationToken);
    }

    public Task AssessAsync(Operator user, Guid caseId, RiskLevel risk, string? note, CancellationToken cancellationToken = default) =>
        RunAsync(user, caseId, (c, now) => c.Assess(risk, note, user.Actor, now), cancellationToken);

    /// <summary>处置 by a department (or the center itself), due in so many working days.</summary>
    public async Task StartHandlingAsync(Operator user, Guid caseId, Guid? departmentId, int workingDays, string? note, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanRunCases(user);
        await unitOfWork.ExecuteAsync(async db =>
        {
            var @case = await CenterScopes.CaseInScopeAsync(db, user, caseId, cancellationToken);
            (Guid, string)? department = null;
            if ((departmentId ?? @case.AssignedDepartmentId) is { } id)
            {
                var d = await db.Departments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken).OrNotFound("承办部门");
                if (departmentId is not null)
                {
                    Permissions.EnsureCanSummon(await CenterScopes.OfAsync(db, user, cancellationToken), d.CenterId, d.ShortName);
                }

                department = (d.Id, d.ShortName);
            }

            @case.StartHandling(workingDays, calendar, note, user.Actor, clock.GetUtcNow(), department);
        }, cancellationToken);
    }

    /// <summary>调解: a failure counts against the level; when its attempts run out the case moves up to the parent center.</summary>
    public async Task<bool> RecordMediationAsync(Operator user, Guid caseId, bool resolved, string note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await unitOfWork.ExecuteAsync(async db =>
        {
            var @case = await CenterScopes.CaseInScopeAsync(db, user, caseId, cancellationToken);
            Permissions.EnsureCanHandle(user, @case);
            return @case.RecordMediation(resolved, note, await db.ParentCenterAsync(@case, cancellationToken), user.Actor, clock.GetUtcNow());
        }, cancellationToken);
    }

    /// <summary>办理结果, by the center or the department the case was handed to.</summary>
    public Task SubmitResultAsync(Operator user, Guid caseId, string result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return unitOfWork.ExecuteAsync(async db =>
        {
            var @case = await CenterScopes.CaseInScopeAsync(db, user, caseId, cancellationToken);
            Permissions.EnsureCanHandle(user, @case);
            var whistleRunning = await db.Whistles.AnyAsync(w => w.CaseId == caseId && w.Status == WhistleStatus.Open, cancellationToken);
            @case.SubmitResult(result, whistleRunning, user.Actor, clock.GetUtcNow());
        }, cancellationToken);
    }

    /// <summary>回访; 不满意 re-opens the case to the same department with a new deadline in working days (二次督办).</summary>
    public Task RecordFollowUpAsync(Operator user, Guid caseId, Satisfaction satisfaction, string? note, int? newWorkingDays, CancellationToken cancellationToken = default) =>
        RunAsync(user, caseId, (c, now) => c.RecordFollowUp(satisfaction, note, newWorkingDays, calendar, user.Actor, now), cancellationToken);

    public Task CloseAsync(Operator user, Guid caseId, string outcome, CancellationToken cancellationToken = default) =>
        RunAsync(user, caseId, (c, now) => c.Close(outcome, user.Actor, now), cancellationToken);

    private Task RunAsync(Operator user, Guid caseId, Action<Case, DateTimeOffset> act, CancellationToken cancellationToken)
    {
        Permissions.EnsureCanRunCases(user);
        return unitOfWork.ExecuteAsync(async db =>
        {
            var @case = await CenterScopes.CaseInScopeAsync(db, user, caseId, cancellationToken);
            act(@case, clock.GetUtcNow());
        }, cancellationToken);
    }
}
