using System.Globalization;
using System.Text;
using Dispatch.Domain.Cases;
using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Reports;
using Dispatch.Domain.Whistles;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;

namespace Dispatch.Infrastructure.Persistence;

/// <summary>
/// Keeps the daily counts (<see cref="ReportDay"/>) equal to the cases: before a save, what each
/// changed case counted before is taken away and what it counts now is added
/// (<see cref="CaseTally"/>); the difference is written in the save's transaction as one atomic
/// upsert per line, so two writers adding to the same day never lose a count.
/// </summary>
internal static class ReportTallyChanges
{
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

    /// <summary>
    /// Adds the differences to the stored lines, inside the save's transaction: one prepared
    /// single-line upsert run once per line on the context's own connection (through EF's raw SQL
    /// a many-line statement cost a third of a case's intake).
    /// </summary>
    public static async Task ApplyAsync(DispatchDbContext db, Dictionary<TallyKey, TallyCounts> deltas, CancellationToken cancellationToken)
    {
        await using var command = Command(db, out var parameters);
        foreach (var (key, counts) in Ordered(deltas))
        {
            Bind(db.IsSqlite, parameters, key, counts);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public static void Apply(DispatchDbContext db, Dictionary<TallyKey, TallyCounts> deltas)
    {
        using var command = Command(db, out var parameters);
        foreach (var (key, counts) in Ordered(deltas))
        {
            Bind(db.IsSqlite, parameters, key, counts);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>One order for every writer, so two PostgreSQL transactions never wait on each other's lines in a cycle.</summary>
    private static IEnumerable<KeyValuePair<TallyKey, TallyCounts>> Ordered(Dictionary<TallyKey, TallyCounts> deltas) =>
        deltas.OrderBy(d => d.Key.Scope).ThenBy(d => d.Key.Day).ThenBy(d => d.Key.Kind).ThenBy(d => d.Key.Key, StringComparer.Ordinal);

    private static readonly string[] Columns = [nameof(ReportDay.Scope), nameof(ReportDay.Day), nameof(ReportDay.Kind), nameof(ReportDay.Key), .. ReportDay.Counters];

    private static readonly string UpsertSql = new StringBuilder("INSERT INTO \"ReportDays\" (")
        .AppendJoin(", ", Columns.Select(c => $"\"{c}\""))
        .Append(") VALUES (")
        .AppendJoin(", ", Columns.Select((_, i) => $"@p{i}"))
        .Append(") ON CONFLICT (\"Scope\", \"Day\", \"Kind\", \"Key\") DO UPDATE SET ")
        .AppendJoin(", ", ReportDay.Counters.Select(c => $"\"{c}\" = \"ReportDays\".\"{c}\" + excluded.\"{c}\""))
        .ToString();

    private static System.Data.Common.DbCommand Command(DispatchDbContext db, out System.Data.Common.DbParameter[] parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The report counts are written only inside the save's transaction.");
        command.CommandText = UpsertSql;
        parameters = new System.Data.Common.DbParameter[Columns.Length];
        for (var i = 0; i < Columns.Length; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = $"@p{i}";
            command.Parameters.Add(parameters[i]);
        }

        return command;
    }

    /// <summary>The values as each database stores them: SQLite keeps ids as upper-case text and days as ISO dates (EF's own formats).</summary>
    private static void Bind(bool sqlite, System.Data.Common.DbParameter[] parameters, TallyKey key, TallyCounts counts)
    {
        parameters[0].Value = sqlite ? key.Scope.ToString("D").ToUpperInvariant() : key.Scope;
        parameters[1].Value = sqlite ? key.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : key.Day;
        parameters[2].Value = (int)key.Kind;
        parameters[3].Value = key.Key;
        var values = ReportDay.Values(counts);
        for (var i = 0; i < values.Length; i++)
        {
            parameters[4 + i].Value = values[i];
        }
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
