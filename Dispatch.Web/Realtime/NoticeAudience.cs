using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Web.Realtime;

/// <summary>
/// Works out which centers hear a notice (<see cref="DispatchNotice.CenterIds"/>), so the hub
/// sends it to those centers' groups only: a 大满镇 notice never reaches 沙井镇's clients. The
/// chain runs from the case's center up to the county, plus the center that handed the case up
/// (it follows the case, 「已上交」); a notice about a department alone goes up from that
/// department's center; a risk warning to the centers of its cases' places (their village and
/// township, as a township's wall counts them) and those above, with the letter's department;
/// anything else to the county.
/// </summary>
public sealed class NoticeAudience(IDbContextFactory<DispatchDbContext> factory, CenterDirectory directory, ILogger<NoticeAudience> logger)
{
    public async Task<DispatchNotice> AddressAsync(DispatchNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Kind == NoticeKind.Resync)
        {
            return notice;
        }

        try
        {
            var parents = (await directory.AllAsync(cancellationToken)).ToDictionary(c => c.Id, c => c.ParentId);
            if (notice.StartCenterIds.Count > 0)
            {
                return notice with { CenterIds = Chain(notice.StartCenterIds, parents) };
            }

            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var starts = new List<Guid>();
            var caseId = notice.CaseId != Guid.Empty || notice.WhistleId is not { } whistleId ? notice.CaseId
                : await db.Whistles.AsNoTracking().Where(w => w.Id == whistleId).Select(w => w.CaseId).FirstOrDefaultAsync(cancellationToken);
            if (caseId != Guid.Empty)
            {
                var @case = await db.Cases.AsNoTracking().Where(c => c.Id == caseId)
                    .Select(c => new { c.CenterId, c.RaisedFromCenterId }).FirstOrDefaultAsync(cancellationToken);
                if (@case is not null)
                {
                    starts.Add(@case.CenterId);
                    if (@case.RaisedFromCenterId is { } from)
                    {
                        starts.Add(from);
                    }
                }
            }
            else if (notice.WarningId is { } warningId)
            {
                var warning = await db.RiskWarnings.AsNoTracking().FirstOrDefaultAsync(w => w.Id == warningId, cancellationToken);
                var ids = warning?.CaseIds.ToList() ?? [];
                var places = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id))
                    .Select(c => new { c.CenterId, c.TownshipId, c.VillageId, c.RaisedFromCenterId }).ToListAsync(cancellationToken);
                starts.AddRange(places.SelectMany(p => new[] { p.CenterId, p.TownshipId, p.VillageId, p.RaisedFromCenterId }).OfType<Guid>().Distinct());
                var departments = notice.DepartmentIds.ToList();
                starts.AddRange(await db.Departments.AsNoTracking().Where(d => departments.Contains(d.Id)).Select(d => d.CenterId).Distinct().ToListAsync(cancellationToken));
            }
            else if (notice.DepartmentIds.Count > 0)
            {
                var ids = notice.DepartmentIds.ToList();
                starts.AddRange(await db.Departments.AsNoTracking().Where(d => ids.Contains(d.Id)).Select(d => d.CenterId).Distinct().ToListAsync(cancellationToken));
            }

            if (starts.Count == 0)
            {
                starts.AddRange(parents.Where(p => p.Value is null).Select(p => p.Key));
            }

            return notice with { CenterIds = Chain(starts, parents) };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Departments still hear it; the command staff's pages refetch on the next notice or tick.
            logger.LogWarning("Could not work out which centers hear notice {Kind}: {Error}", notice.Kind, ex.Message);
            return notice;
        }
    }

    /// <summary>The start centers and every center above each.</summary>
    private static List<Guid> Chain(IEnumerable<Guid> starts, Dictionary<Guid, Guid?> parents)
    {
        var audience = new HashSet<Guid>();
        foreach (var start in starts)
        {
            for (Guid? at = start; at is { } id && audience.Add(id);)
            {
                at = parents.GetValueOrDefault(id);
            }
        }

        return [.. audience];
    }
}
