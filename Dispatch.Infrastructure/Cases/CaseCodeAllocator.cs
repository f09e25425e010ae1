using Dispatch.Domain.Cases;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Cases;

/// <summary>
/// Issues 一案一码 serials per center and year with one atomic upsert on a counter row
/// (<c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c>; SQLite 3.35+ and PostgreSQL both have it),
/// in the caller's transaction (<see cref="UnitOfWork.ExecuteInOneWriteAsync{T}"/>): the serial
/// commits with the case or not at all, and is never handed out twice, however many clerks and
/// hotline calls register at the same moment. One statement, not a read and then an update.
/// </summary>
public static class CaseCodeAllocator
{
    public static async Task<CaseCode> NextAsync(this DispatchDbContext db, string centerCode, int year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var serial = await db.Database.SqlQuery<long>(
                $"""INSERT INTO "CaseCodeCounters" ("CenterCode", "Year", "LastSerial") VALUES ({centerCode}, {year}, 1) ON CONFLICT ("CenterCode", "Year") DO UPDATE SET "LastSerial" = "CaseCodeCounters"."LastSerial" + 1 RETURNING "LastSerial" AS "Value" """)
            .ToListAsync(cancellationToken);
        return CaseCode.Create(centerCode, year, serial.Single());
    }
}

/// <summary>The center hierarchy as the case rules need it.</summary>
internal static class CenterLookup
{
    /// <summary>The center one level above the case's own center, or null at the county (nothing above).</summary>
    public static async Task<CenterRef?> ParentCenterAsync(this DispatchDbContext db, Case @case, CancellationToken cancellationToken)
    {
        var center = await db.Centers.AsNoTracking().FirstAsync(c => c.Id == @case.CenterId, cancellationToken);
        if (center.ParentId is not { } parentId)
        {
            return null;
        }

        var parent = await db.Centers.AsNoTracking().FirstAsync(c => c.Id == parentId, cancellationToken);
        return new CenterRef(parent.Id, parent.Level, parent.Name);
    }
}
