using Dispatch.Domain.Organization;
using Dispatch.Domain.Risk;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Queries;

/// <summary>A warning as the console, the wall and a terminal show it: the warning and the cases behind it.</summary>
public sealed record RiskWarningView(RiskWarning Warning, IReadOnlyList<CaseRow> Cases);

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

    /// <summary>
    /// Warnings the command staff settled in the last <paramref name="days"/> days (letters sent,
    /// with 签收 and 整改反馈, and dismissals), and every older letter still awaiting its answer.
    /// </summary>
    public async Task<IReadOnlyList<RiskWarning>> SettledAsync(int days, int take, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().AddDays(-days);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.RiskWarnings.AsNoTracking()
            .Where(w => (w.Status != RiskWarningStatus.Open && w.SettledAt >= since) || (w.Status == RiskWarningStatus.LetterIssued && w.FeedbackAt == null))
            .OrderByDescending(w => w.SettledAt).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>The 风险警示函 sent to one department: unsigned first, then those awaiting the written answer, then newest.</summary>
    public async Task<IReadOnlyList<RiskWarningView>> LettersAsync(Guid departmentId, int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var letters = await db.RiskWarnings.AsNoTracking()
            .Where(w => w.Status == RiskWarningStatus.LetterIssued && w.LetterDepartmentId == departmentId)
            .OrderBy(w => w.LetterReadAt != null).ThenBy(w => w.FeedbackAt != null).ThenByDescending(w => w.SettledAt).Take(take).ToListAsync(cancellationToken);
        return await WithCasesAsync(db, letters, null, cancellationToken);
    }

    public async Task<IReadOnlyList<RiskRule>> RulesAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rules = await db.RiskRules.AsNoTracking().ToListAsync(cancellationToken);
        return [.. rules.OrderBy(r => r.Kind).ThenBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>The cases behind each warning in one query, newest first; outside <paramref name="scope"/> left out.</summary>
    private static async Task<IReadOnlyList<RiskWarningView>> WithCasesAsync(DispatchDbContext db, IReadOnlyList<RiskWarning> warnings, WallScope? scope, CancellationToken cancellationToken)
    {
        var ids = warnings.SelectMany(w => w.CaseIds).Distinct().ToList();
        var source = scope is null ? db.Cases.AsNoTracking() : WallQueries.Cases(db, scope);
        if (ids.Count == 0)
        {
            return [.. warnings.Select(w => new RiskWarningView(w, []))];
        }

        var rows = await DispatchQueries.ProjectRows(source.Where(c => ids.Contains(c.Id)), db).ToDictionaryAsync(r => r.Id, cancellationToken);
        return [.. warnings.Select(w => new RiskWarningView(w, [.. w.CaseIds.Where(rows.ContainsKey).Select(id => rows[id]).OrderByDescending(r => r.ReceivedAt)]))];
    }

    /// <summary>
    /// The letter's likely addressee, asked for when the director starts one: the department that
    /// most of the warning's cases were handed to or summoned for; when a township handled them
    /// itself, the department that handled most cases of the category in the last 90 days.
    /// </summary>
    public async Task<Guid?> SuggestDepartmentAsync(RiskWarning warning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warning);
        var ids = warning.CaseIds.ToList();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var handedTo = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id) && c.AssignedDepartmentId != null)
            .Select(c => c.AssignedDepartmentId!.Value).ToListAsync(cancellationToken);
        var summoned = await (from s in db.Summonses.AsNoTracking()
                              join w in db.Whistles.AsNoTracking() on s.WhistleId equals w.Id
                              where ids.Contains(w.CaseId) && s.State != SummonsState.Reassigned
                              select s.DepartmentId).ToListAsync(cancellationToken);
        if (MostFrequent(handedTo.Concat(summoned)) is { } direct)
        {
            return direct;
        }

        var since = clock.GetUtcNow().AddDays(-90);
        var category = warning.Category;
        var usuallyHanded = await db.Cases.AsNoTracking().Where(c => c.Category == category && c.ReceivedAt >= since && c.AssignedDepartmentId != null)
            .Select(c => c.AssignedDepartmentId!.Value).ToListAsync(cancellationToken);
        var usuallySummoned = await (from s in db.Summonses.AsNoTracking()
                                     join w in db.Whistles.AsNoTracking() on s.WhistleId equals w.Id
                                     join c in db.Cases.AsNoTracking() on w.CaseId equals c.Id
                                     where c.Category == category && w.BlownAt >= since && s.State != SummonsState.Reassigned
                                     select s.DepartmentId).ToListAsync(cancellationToken);
        return MostFrequent(usuallyHanded.Concat(usuallySummoned));
    }

    private static Guid? MostFrequent(IEnumerable<Guid> departments) =>
        departments.GroupBy(d => d).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => (Guid?)g.Key).FirstOrDefault();
}
