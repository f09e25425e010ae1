using Dispatch.Domain.Cases;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Persistence.Configurations;

namespace Dispatch.Infrastructure.Cases;

/// <summary>
/// Issues 一案一码 serials per center and year from a counter row in the caller's unit of work.
/// The row's concurrency token makes two registrations at the same moment conflict (and the
/// loser retry) rather than share a serial; serials only grow, so a code is never reused.
/// </summary>
public static class CaseCodeAllocator
{
    public static async Task<CaseCode> NextAsync(this DispatchDbContext db, string centerCode, int year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var counter = await db.CaseCodeCounters.FindAsync([centerCode, year], cancellationToken);
        if (counter is null)
        {
            counter = new CaseCodeCounter { CenterCode = centerCode, Year = year };
            db.CaseCodeCounters.Add(counter);
        }

        counter.LastSerial++;
        return CaseCode.Create(centerCode, year, counter.LastSerial);
    }
}
