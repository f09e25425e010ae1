using Dispatch.Domain.Cases;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Risk;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Queries;

/// <summary>A warning as the console, the wall and a terminal show it: the warning and the cases behind it.</summary>
public sealed record RiskWarningView(RiskWarning Warning, IReadOnlyList<CaseRow> Cases)
{
    /// <summary>The department most of the cases were handed to: the letter's likely addressee.</summary>
    public Guid? SuggestedDepartmentId { get; init; }
}

/// <summary>The read side of risk early warning: open warnings, settled ones, a department's letters, the rules.</summary>
public sealed class RiskQueries(IDbContextFactory<DispatchDbContext> factory, TimeProvider clock)
{
    /// <summary>The open warnings, newest first; a township's wall sees those with a case in its area.</summary>
    public async Task<IReadOnlyList<RiskWarningView>> OpenAsync(WallScope? scope, int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var open = await db.RiskWarnings.AsNoTracking().Where(w => w.Status == RiskWarningStatus.Open)
            .OrderByDescending(w => w.RaisedAt).ToListAsync(cancellationToken);
        var views = await WithCasesAsync(db, open, scope, cancellationToken);
        return scope is null || scope.Level == CenterLevel.County
            ? [.. views.Take(take)]
            : [.. views.Where(v => v.Cases.Count > 0).Take(take)];
    }

    /// <summary>Warnings the command staff settled in the last <paramref name="days"/> days: letters sent (with 签收) and dismissals.</summary>
    public async Task<IReadOnlyList<RiskWarningView>> SettledAsync(int days, int take, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().AddDays(-days);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var settled = await db.RiskWarnings.AsNoTracking().Where(w => w.Status != RiskWarningStatus.Open && w.SettledAt >= since)
            .OrderByDescending(w => w.SettledAt).Take(take).ToListAsync(cancellationToken);
        return await WithCasesAsync(db, settled, null, cancellationToken);
    }

    /// <summary>The 风险警示函 sent to one department, unsigned first, then newest.</summary>
    public async Task<IReadOnlyList<RiskWarningView>> LettersAsync(Guid departmentId, int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var letters = await db.RiskWarnings.AsNoTracking()
            .Where(w => w.Status == RiskWarningStatus.LetterIssued && w.LetterDepartmentId == departmentId)
            .OrderBy(w => w.LetterReadAt != null).ThenByDescending(w => w.SettledAt).Take(take).ToListAsync(cancellationToken);
        return await WithCasesAsync(db, letters, null, cancellationToken);
    }

    public async Task<IReadOnlyList<RiskRule>> RulesAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rules = await db.RiskRules.AsNoTracking().ToListAsync(cancellationToken);
        return [.. rules.OrderBy(r => r.Kind).ThenBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>The cases behind each warning in one query, newest first; outside <paramref name="scope"/> left out.</summary>
    private async Task<IReadOnlyList<RiskWarningView>> WithCasesAsync(DispatchDbContext db, IReadOnlyList<RiskWarning> warnings, WallScope? scope, CancellationToken cancellationToken)
    {
        var ids = warnings.SelectMany(w => w.CaseIds).Distinct().ToList();
        var source = scope is null ? db.Cases.AsNoTracking() : WallQueries.Cases(db, scope);
        if (ids.Count == 0)
        {
            return [.. warnings.Select(w => new RiskWarningView(w, []))];
        }

        var rows = await DispatchQueries.ProjectRows(source.Where(c => ids.Contains(c.Id)), db).ToDictionaryAsync(r => r.Id, cancellationToken);
        // Who handles these cases: the department each was handed to, and each one summoned by a whistle on it.
        var handedTo = await source.Where(c => ids.Contains(c.Id) && c.AssignedDepartmentId != null)
            .Select(c => new { CaseId = c.Id, DepartmentId = c.AssignedDepartmentId!.Value }).ToListAsync(cancellationToken);
        var summoned = await (from s in db.Summonses.AsNoTracking()
                              join w in db.Whistles.AsNoTracking() on s.WhistleId equals w.Id
                              where ids.Contains(w.CaseId) && s.State != SummonsState.Reassigned
                              select new { w.CaseId, s.DepartmentId }).ToListAsync(cancellationToken);
        var handlers = handedTo.Concat(summoned).ToLookup(h => h.CaseId, h => h.DepartmentId);
        var views = warnings.Select(w => new RiskWarningView(w, [.. w.CaseIds.Where(rows.ContainsKey).Select(id => rows[id]).OrderByDescending(r => r.ReceivedAt)])
        {
            SuggestedDepartmentId = MostFrequent(w.CaseIds.SelectMany(id => handlers[id])),
        }).ToList();
        if (views.Any(v => v.SuggestedDepartmentId is null))
        {
            // Cases a township handles itself name no department: suggest the one that usually handles the category.
            var usual = await UsualDepartmentsAsync(db, cancellationToken);
            views = [.. views.Select(v => v.SuggestedDepartmentId is null && usual.TryGetValue(v.Warning.Category, out var d) ? v with { SuggestedDepartmentId = d } : v)];
        }

        return views;
    }

    /// <summary>Per category, the department that handled most of its cases in the last 90 days (handed over or summoned).</summary>
    private async Task<Dictionary<CaseCategory, Guid>> UsualDepartmentsAsync(DispatchDbContext db, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().AddDays(-90);
        var handed = await db.Cases.AsNoTracking().Where(c => c.ReceivedAt >= since && c.AssignedDepartmentId != null)
            .GroupBy(c => new { c.Category, DepartmentId = c.AssignedDepartmentId!.Value })
            .Select(g => new { g.Key.Category, g.Key.DepartmentId, Count = g.Count() }).ToListAsync(cancellationToken);
        var summoned = await (from s in db.Summonses.AsNoTracking()
                              join w in db.Whistles.AsNoTracking() on s.WhistleId equals w.Id
                              join c in db.Cases.AsNoTracking() on w.CaseId equals c.Id
                              where w.BlownAt >= since && s.State != SummonsState.Reassigned
                              group s by new { c.Category, s.DepartmentId } into g
                              select new { g.Key.Category, g.Key.DepartmentId, Count = g.Count() }).ToListAsync(cancellationToken);
        return handed.Concat(summoned).GroupBy(x => x.Category).ToDictionary(
            g => g.Key,
            g => g.GroupBy(x => x.DepartmentId).OrderByDescending(d => d.Sum(x => x.Count)).ThenBy(d => d.Key).First().Key);
    }

    private static Guid? MostFrequent(IEnumerable<Guid> departments) =>
        departments.GroupBy(d => d).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => (Guid?)g.Key).FirstOrDefault();
}
