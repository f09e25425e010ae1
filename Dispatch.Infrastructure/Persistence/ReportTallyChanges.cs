using System.Globalization;
using System.Text;
using Dispatch.Domain.Cases;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Reports;
using Dispatch.Domain.Whistles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Dispatch.Infrastructure.Persistence;

/// <summary>
/// Keeps the daily counts (<see cref="ReportDay"/>) equal to the cases: before a save, what each
/// changed case counted before is taken away and what it counts now is added
/// (<see cref="CaseTally"/>); the difference is written in the save's transaction as one atomic
/// upsert per line, so two writers adding to the same day never lose a count.
/// </summary>
internal static class ReportTallyChanges
{
    private const int RowsPerStatement = 200;

    public static Dictionary<TallyKey, TallyCounts> Collect(DispatchDbContext db)
    {
        var deltas = new Dictionary<TallyKey, TallyCounts>();
        var offset = WorkingCalendar.ChinaStandardTime;
        foreach (var entry in db.ChangeTracker.Entries<Case>())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    CaseTally.Add(deltas, FactOf(entry.CurrentValues), FollowUps(db, entry, original: false), offset, null, 1);
                    break;
                case EntityState.Deleted:
                    CaseTally.Add(deltas, FactOf(entry.OriginalValues), FollowUps(db, entry, original: true), offset, null, -1);
                    break;
                case EntityState.Modified:
                case EntityState.Unchanged when FollowUpsChanged(db, entry):
                    CaseTally.Add(deltas, FactOf(entry.OriginalValues), FollowUps(db, entry, original: true), offset, null, -1);
                    CaseTally.Add(deltas, FactOf(entry.CurrentValues), FollowUps(db, entry, original: false), offset, null, 1);
                    break;
            }
        }

        return deltas;
    }

    /// <summary>Adds the differences to the stored lines (inside the caller's transaction).</summary>
    public static async Task ApplyAsync(DispatchDbContext db, Dictionary<TallyKey, TallyCounts> deltas, CancellationToken cancellationToken)
    {
        // One order for every writer, so two PostgreSQL transactions never wait on each other's lines in a cycle.
        var lines = deltas.OrderBy(d => d.Key.Scope).ThenBy(d => d.Key.Day).ThenBy(d => d.Key.Kind).ThenBy(d => d.Key.Key, StringComparer.Ordinal).ToList();
        foreach (var chunk in lines.Chunk(RowsPerStatement))
        {
            var (sql, parameters) = Upsert(chunk);
            await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
        }
    }

    public static void Apply(DispatchDbContext db, Dictionary<TallyKey, TallyCounts> deltas) =>
        ApplyAsync(db, deltas, CancellationToken.None).GetAwaiter().GetResult();

    private static (string Sql, object[] Parameters) Upsert(IReadOnlyList<KeyValuePair<TallyKey, TallyCounts>> lines)
    {
        var columns = new[] { nameof(ReportDay.Scope), nameof(ReportDay.Day), nameof(ReportDay.Kind), nameof(ReportDay.Key) }.Concat(ReportDay.Counters).ToList();
        var sql = new StringBuilder("INSERT INTO \"ReportDays\" (")
            .AppendJoin(", ", columns.Select(c => $"\"{c}\""))
            .Append(") VALUES ");
        var parameters = new List<object>(lines.Count * columns.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var (key, counts) = lines[i];
            sql.Append(i == 0 ? "(" : ", (");
            object[] values = [key.Scope, key.Day, (int)key.Kind, key.Key, .. ReportDay.Values(counts).Cast<object>()];
            for (var v = 0; v < values.Length; v++)
            {
                sql.Append(CultureInfo.InvariantCulture, $"{(v == 0 ? string.Empty : ", ")}{{{parameters.Count}}}");
                parameters.Add(values[v]);
            }

            sql.Append(')');
        }

        sql.Append(" ON CONFLICT (\"Scope\", \"Day\", \"Kind\", \"Key\") DO UPDATE SET ")
            .AppendJoin(", ", ReportDay.Counters.Select(c => $"\"{c}\" = \"ReportDays\".\"{c}\" + excluded.\"{c}\""));
        return (sql.ToString(), [.. parameters]);
    }

    private static CaseFact FactOf(PropertyValues values) =>
        new(
            values.GetValue<CaseCategory>(nameof(Case.Category)),
            values.GetValue<DateTimeOffset>(nameof(Case.ReceivedAt)),
            values.GetValue<DateTimeOffset>(nameof(Case.AcceptedAt)),
            values.GetValue<DateTimeOffset>(nameof(Case.AcceptanceDueAt)),
            values.GetValue<DateTimeOffset?>(nameof(Case.DueAt)),
            values.GetValue<DateTimeOffset?>(nameof(Case.ClosedAt)),
            values.GetValue<CenterLevel?>(nameof(Case.ClosedAtLevel)))
        {
            Status = values.GetValue<CaseStatus>(nameof(Case.Status)),
            TownshipId = values.GetValue<Guid?>(nameof(Case.TownshipId)),
            VillageId = values.GetValue<Guid?>(nameof(Case.VillageId)),
            CenterId = values.GetValue<Guid>(nameof(Case.CenterId)),
            CenterLevel = values.GetValue<CenterLevel>(nameof(Case.CenterLevel)),
            DepartmentId = values.GetValue<Guid?>(nameof(Case.AssignedDepartmentId)),
            ResultAt = values.GetValue<DateTimeOffset?>(nameof(Case.ResultAt)),
        };

    private static IEnumerable<FollowUpFact> FollowUps(DispatchDbContext db, EntityEntry<Case> entry, bool original) =>
        entry.Entity.FollowUps
            .Where(f => db.Entry(f).State is var state && (original ? state != EntityState.Added : state != EntityState.Deleted))
            .Select(f => new FollowUpFact(f.At, f.Satisfaction))
            .ToList();

    private static bool FollowUpsChanged(DispatchDbContext db, EntityEntry<Case> entry) =>
        entry.Entity.FollowUps.Any(f => db.Entry(f).State is EntityState.Added or EntityState.Deleted or EntityState.Modified);
}
