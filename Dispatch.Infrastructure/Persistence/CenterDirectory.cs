using Dispatch.Domain.Organization;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Persistence;

/// <summary>
/// The county's centers (county, townships, villages), read once. Centers are written only by
/// the seeder, before the app serves; nothing changes them at run time, so every intake and every
/// notice reading all of them again (as they did: two of the intake's reads) is waste. An empty
/// read is not kept, so a database seeded after the first question is read again.
/// The entities are detached; nobody may change them.
/// </summary>
public sealed class CenterDirectory(IDbContextFactory<DispatchDbContext> factory)
{
    private volatile IReadOnlyList<Center>? _centers;

    public async ValueTask<IReadOnlyList<Center>> AllAsync(CancellationToken cancellationToken)
    {
        if (_centers is { } known)
        {
            return known;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var read = await db.Centers.AsNoTracking().ToListAsync(cancellationToken);
        if (read.Count > 0)
        {
            _centers = read;
        }

        return read;
    }
}
