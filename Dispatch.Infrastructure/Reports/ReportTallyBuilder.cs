using System.Data;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Reports;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Reports;

/// <summary>What a check of the daily counts against the cases found.</summary>
public sealed record TallyCheck(int Lines, int Wrong, bool Rebuilt);

/// <summary>
/// Computes the reports' daily counts from the cases themselves, and checks the stored ones
/// against them: at start-up when there are none yet (a database that had cases before the
/// counts existed, or a bulk load), and every night (<see cref="Jobs.ReportTallyJob"/>). A count
/// that differs is logged and the whole table rebuilt, in one transaction at the write gate.
/// </summary>
public sealed class ReportTallyBuilder(IDbContextFactory<DispatchDbContext> factory, WriteGate gate, ILogger<ReportTallyBuilder> logger)
{
    /// <summary>Builds the counts when there are cases but no counts yet.</summary>
    public async Task<TallyCheck?> BuildIfMissingAsync(CancellationToken cancellationToken)
    {
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.ReportDays.AnyAsync(cancellationToken) || !await db.Cases.AnyAsync(cancellationToken))
            {
                return null;
            }
        }

        return await CheckAsync(repair: true, cancellationToken);
    }

    /// <summary>Compares every stored line with the cases; with <paramref name="repair"/>, rebuilds when any differs.</summary>
    public async Task<TallyCheck> CheckAsync(bool repair, CancellationToken cancellationToken)
    {
        using (await gate.EnterAsync(cancellationToken))
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            db.KeepTallies = false;
            await using var transaction = await db.Database.BeginTransactionAsync(db.IsSqlite ? IsolationLevel.Serializable : IsolationLevel.RepeatableRead, cancellationToken);
            var expected = await FromRowsAsync(db, cancellationToken);
            var stored = (await db.ReportDays.AsNoTracking().ToListAsync(cancellationToken))
                .Where(d => !d.Counts.IsZero)
                .ToDictionary(d => d.TallyKey, d => d.Counts);
            var wrong = expected.Count(e => stored.GetValueOrDefault(e.Key) != e.Value) + stored.Keys.Count(k => !expected.ContainsKey(k));
            if (wrong == 0 || !repair)
            {
                return new TallyCheck(expected.Count, wrong, Rebuilt: false);
            }

            if (stored.Count > 0)
            {
                logger.LogWarning("Report counts: {Wrong} of {Lines} daily lines differed from the cases; rebuilt from the cases", wrong, expected.Count);
            }

            await db.ReportDays.ExecuteDeleteAsync(cancellationToken);
            foreach (var chunk in expected.Chunk(5000))
            {
                db.ReportDays.AddRange(chunk.Select(e => ReportDay.From(e.Key, e.Value)));
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Report counts: {Lines} daily lines built from the cases", expected.Count);
            return new TallyCheck(expected.Count, wrong, Rebuilt: true);
        }
    }

    /// <summary>Every daily line, computed from the cases and their follow-ups.</summary>
    internal static async Task<Dictionary<TallyKey, TallyCounts>> FromRowsAsync(DispatchDbContext db, CancellationToken cancellationToken)
    {
        var facts = await Facts(db.Cases.AsNoTracking()).ToListAsync(cancellationToken);
        var answers = (await db.FollowUpRows.AsNoTracking().Select(f => new { f.CaseId, f.At, f.Satisfaction }).ToListAsync(cancellationToken))
            .ToLookup(f => f.CaseId, f => new FollowUpFact(f.At, f.Satisfaction));
        var tallies = new Dictionary<TallyKey, TallyCounts>();
        foreach (var fact in facts)
        {
            CaseTally.Add(tallies, fact, answers[fact.Id], WorkingCalendar.ChinaStandardTime, null, 1);
        }

        return tallies;
    }

    /// <summary>The facts of cases a tally is computed from.</summary>
    internal static IQueryable<CaseFact> Facts(IQueryable<Domain.Cases.Case> cases) =>
        cases.Select(c => new CaseFact(c.Category, c.ReceivedAt, c.AcceptedAt, c.AcceptanceDueAt, c.DueAt, c.ClosedAt, c.ClosedAtLevel)
        {
            Id = c.Id,
            Status = c.Status,
            TownshipId = c.TownshipId,
            VillageId = c.VillageId,
            CenterId = c.CenterId,
            CenterLevel = c.CenterLevel,
            DepartmentId = c.AssignedDepartmentId,
            ResultAt = c.ResultAt,
        });
}
