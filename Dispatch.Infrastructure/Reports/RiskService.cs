using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Risk;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Reports;

public sealed record RiskRun(int Signals, int Raised, int Refreshed, int Quiet);

/// <summary>What the admin page sends to save a rule.</summary>
public sealed record RiskRuleDraft(string Name, RiskRuleKind Kind, CaseCategory? Category, int WindowDays, int MinCases, int? RisePercent, bool Enabled);

/// <summary>
/// 风险预警: runs the enabled rules over the recent cases, raises a warning per new finding,
/// refreshes the open ones, and turns a warning into a 风险警示函 or sets it aside.
/// </summary>
public sealed class RiskService(IDbContextFactory<DispatchDbContext> factory, UnitOfWork unitOfWork, TimeProvider clock, WorkingCalendar calendar, Security.AuditTrail audit)
{
    /// <summary>The rules a new installation starts with, if it has none.</summary>
    public async Task SeedDefaultRulesAsync(CancellationToken cancellationToken)
    {
        await unitOfWork.ExecuteAsync(async db =>
        {
            if (!await db.RiskRules.AnyAsync(cancellationToken))
            {
                db.RiskRules.AddRange(RiskRule.Defaults(Actor.System, clock.GetUtcNow()));
            }
        }, cancellationToken);
    }

    /// <summary>One evaluation of every enabled rule; safe to run on several nodes (one open warning per rule and place).</summary>
    public async Task<RiskRun> EvaluateAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var read = await factory.CreateDbContextAsync(cancellationToken);
        var rules = await read.RiskRules.AsNoTracking().Where(r => r.Enabled).ToListAsync(cancellationToken);
        if (rules.Count == 0)
        {
            return new RiskRun(0, 0, 0, 0);
        }

        var since = now.AddDays(-2 * rules.Max(r => r.WindowDays));
        var cases = await read.Cases.AsNoTracking()
            .Where(c => c.ReceivedAt >= since)
            .Select(c => new CaseFact(c.Category, c.ReceivedAt, c.AcceptedAt, c.AcceptanceDueAt, c.DueAt, c.ClosedAt, c.ClosedAtLevel)
            {
                Id = c.Id,
                Status = c.Status,
                TownshipId = c.TownshipId,
                VillageId = c.VillageId,
            })
            .ToListAsync(cancellationToken);
        var places = await read.Centers.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name.Replace("综治中心", string.Empty, StringComparison.Ordinal), cancellationToken);

        int raised = 0, refreshed = 0, quiet = 0, signals = 0;
        foreach (var rule in rules)
        {
            foreach (var signal in RiskEvaluator.Evaluate(rule, cases, now))
            {
                signals++;
                var decision = await unitOfWork.ExecuteAsync(async db =>
                {
                    var latest = await db.RiskWarnings.Where(w => w.RuleId == rule.Id && w.Key == signal.Key)
                        .OrderByDescending(w => w.RaisedAt).FirstOrDefaultAsync(cancellationToken);
                    var decided = RiskWarning.Decide(signal, latest, rule, now);
                    switch (decided)
                    {
                        case RiskDecision.Raise:
                            db.RiskWarnings.Add(RiskWarning.Raise(Guid.CreateVersion7(), signal, rule, signal.PlaceId is { } p ? places.GetValueOrDefault(p) : null, now));
                            break;
                        case RiskDecision.Refresh when latest!.Count != signal.Count || !latest.CaseIds.SequenceEqual(signal.CaseIds):
                            latest.Refresh(signal, now);
                            break;
                    }

                    return decided;
                }, cancellationToken);
                raised += decision == RiskDecision.Raise ? 1 : 0;
                refreshed += decision == RiskDecision.Refresh ? 1 : 0;
                quiet += decision == RiskDecision.Quiet ? 1 : 0;
            }
        }

        return new RiskRun(signals, raised, refreshed, quiet);
    }

    /// <summary>An administrator creates (no id) or edits a rule; the domain names every problem at once.</summary>
    public async Task<Guid> SaveRuleAsync(Operator user, Guid? id, RiskRuleDraft draft, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanAdminister(user);
        ArgumentNullException.ThrowIfNull(draft);
        var now = clock.GetUtcNow();
        return await unitOfWork.ExecuteAsync(async db =>
        {
            var name = draft.Name.Trim();
            if (name.Length > 0 && await db.RiskRules.AnyAsync(r => r.Name == name && r.Id != id, cancellationToken))
            {
                throw new DomainException($"已有名为「{name}」的风险预警规则，请换一个名称。");
            }

            var login = await Security.AuditTrail.LoginOfAsync(db, user, cancellationToken);
            if (id is { } existing)
            {
                var rule = await db.RiskRules.FirstOrDefaultAsync(r => r.Id == existing, cancellationToken).OrNotFound("该规则");
                var before = Snapshot(rule);
                rule.Update(draft.Name, draft.Kind, draft.Category, draft.WindowDays, draft.MinCases, draft.RisePercent, draft.Enabled, user.Actor, now);
                db.AuditEntries.Add(audit.Entry(Security.AuditKind.RiskRuleChanged, login, rule.Name, $"修改风险预警规则「{rule.Name}」。", before, Snapshot(rule)));
                return existing;
            }

            var created = RiskRule.Create(Guid.CreateVersion7(), draft.Name, draft.Kind, draft.Category, draft.WindowDays, draft.MinCases, draft.RisePercent, draft.Enabled, user.Actor, now);
            db.RiskRules.Add(created);
            db.AuditEntries.Add(audit.Entry(Security.AuditKind.RiskRuleChanged, login, created.Name, $"新建风险预警规则「{created.Name}」。", null, Snapshot(created)));
            return created.Id;
        }, cancellationToken);
    }

    private static object Snapshot(RiskRule rule) => new { rule.Name, rule.Kind, rule.Category, rule.WindowDays, rule.MinCases, rule.RisePercent, rule.Enabled };

    /// <summary>转为风险警示函: numbered per year (甘综治警〔2026〕N号), to the department responsible.</summary>
    public Task IssueLetterAsync(Operator user, Guid warningId, Guid departmentId, string body, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanRunCases(user);
        return unitOfWork.ExecuteAsync(async db =>
        {
            var warning = await WarningInScopeAsync(db, user, warningId, cancellationToken);
            var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == departmentId, cancellationToken)
                ?? throw new DomainException("请选择接收警示函的责任部门。");
            Permissions.EnsureCanSummon(await Security.CenterScopes.OfAsync(db, user, cancellationToken), department.CenterId, department.ShortName);
            var now = clock.GetUtcNow();
            var year = now.ToOffset(Domain.Whistles.WorkingCalendar.ChinaStandardTime).Year;
            var yearStart = new DateTimeOffset(year, 1, 1, 0, 0, 0, Domain.Whistles.WorkingCalendar.ChinaStandardTime).ToUniversalTime();
            var issued = await db.RiskWarnings.CountAsync(w => w.LetterNumber != null && w.SettledAt >= yearStart, cancellationToken);
            warning.IssueLetter($"甘综治警〔{year}〕{issued + 1}号", department.Id, department.ShortName, body, calendar, user.Actor, now);
        }, cancellationToken);
    }

    public Task DismissAsync(Operator user, Guid warningId, string reason, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanRunCases(user);
        return unitOfWork.ExecuteAsync(async db =>
        {
            var warning = await WarningInScopeAsync(db, user, warningId, cancellationToken);
            warning.Dismiss(reason, user.Actor, clock.GetUtcNow());
        }, cancellationToken);
    }

    /// <summary>
    /// Loads a warning for the command staff to settle, refusing it unless every case behind it
    /// is within the user's centers: a warning reaching beyond a township is the county's.
    /// </summary>
    private static async Task<RiskWarning> WarningInScopeAsync(DispatchDbContext db, Operator user, Guid warningId, CancellationToken cancellationToken)
    {
        var warning = await db.RiskWarnings.FirstOrDefaultAsync(w => w.Id == warningId, cancellationToken).OrNotFound("该预警");
        if (await Security.CenterScopes.OfAsync(db, user, cancellationToken) is { IsCounty: false } scope)
        {
            var caseIds = warning.CaseIds.ToList();
            var centers = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).Select(c => c.CenterId).Distinct().ToListAsync(cancellationToken);
            Permissions.EnsureWarningInScope(scope, centers);
        }

        return warning;
    }

    /// <summary>签收: only the department the letter went to.</summary>
    public Task MarkLetterReadAsync(Operator user, Guid warningId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return unitOfWork.ExecuteAsync(async db =>
        {
            var warning = await db.RiskWarnings.FirstOrDefaultAsync(w => w.Id == warningId, cancellationToken).OrNotFound("该预警");
            if (user.DepartmentId is null || user.DepartmentId != warning.LetterDepartmentId)
            {
                throw new AccessDeniedException("该警示函不是发给您所在部门的，不能签收。");
            }

            warning.MarkLetterRead(user.Actor, clock.GetUtcNow());
        }, cancellationToken);
    }

    /// <summary>整改反馈 from the department the letter went to; the server checks it is that department's letter.</summary>
    public Task RecordFeedbackAsync(Operator user, Guid warningId, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return unitOfWork.ExecuteAsync(async db =>
        {
            var warning = await db.RiskWarnings.FirstOrDefaultAsync(w => w.Id == warningId, cancellationToken).OrNotFound("该预警");
            if (user.DepartmentId is null || user.DepartmentId != warning.LetterDepartmentId)
            {
                throw new AccessDeniedException("该警示函不是发给您所在部门的，不能反馈。");
            }

            warning.RecordFeedback(text, user.Actor, clock.GetUtcNow());
        }, cancellationToken);
    }
}
