using Dispatch.Domain.Kpis;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Dispatch.Infrastructure.Queries;

/// <summary>
/// The county's summonses of a period counted in the database instead of read one by one (a year is 65,000):
/// the ranking's counts per department with a GROUP BY, and only the acknowledgement times
/// themselves for the median and 90th percentile.
/// </summary>
internal static class SummonsCounts
{
    /// <summary>The counts of <see cref="SummonsTally"/> per department, with <see cref="SummonsFact.MissedADeadline"/> in SQL.</summary>
    public static async Task<Dictionary<Guid, SummonsTally>> TalliesAsync(DispatchDbContext db, Period period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await (
            from s in db.Summonses.AsNoTracking()
            where s.SummonedAt >= period.From && s.SummonedAt < period.To && s.State != SummonsState.Declined && s.State != SummonsState.Reassigned

            // A deadline still open counts as missed once passed, but only up to the whistle's end.
            let ended = s.WhistleClosedAt != null && s.WhistleClosedAt < now
            select new
            {
                s.DepartmentId,
                InTime = s.AcknowledgedAt != null && s.AcknowledgedAt <= s.AcknowledgeDueAt,
                Measured = s.AcknowledgedAt != null || s.AcknowledgeDueAt < now,
                Missed =
                    (s.AcknowledgedAt != null ? s.AcknowledgedAt > s.AcknowledgeDueAt : ended ? s.WhistleClosedAt > s.AcknowledgeDueAt : now > s.AcknowledgeDueAt)
                    || (s.OnSiteAt != null ? s.OnSiteAt > s.OnSiteDueAt : ended ? s.WhistleClosedAt > s.OnSiteDueAt : now > s.OnSiteDueAt)
                    || (s.ReportedAt != null ? s.ReportedAt > s.ResultDueAt : ended ? s.WhistleClosedAt > s.ResultDueAt : now > s.ResultDueAt),
            })
            .GroupBy(r => r.DepartmentId)
            .Select(g => new
            {
                g.Key,
                Issued = g.Count(),
                InTime = g.Count(r => r.InTime),
                Measured = g.Count(r => r.Measured),
                Missed = g.Count(r => r.Missed),
            })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Key, r => new SummonsTally(r.Key, r.Issued, r.InTime, r.Measured, r.Missed));
    }

    /// <summary>
    /// Whistle → acknowledged per department (fastest first, as <see cref="KpiCalculator.AcknowledgementTimes"/>)
    /// and over all of them, for the acknowledged summonses issued in the period: the differences
    /// are taken in SQL and come as one list of numbers per department (a row per summons cost
    /// most of the time reading 60,000 ids), then sorted here.
    /// </summary>
    public static async Task<(IReadOnlyList<AcknowledgementTime> PerDepartment, AcknowledgementTime? Overall)> AcknowledgementTimesAsync(
        DispatchDbContext db, Period period, CancellationToken cancellationToken)
    {
        var sqlite = db.IsSqlite;

        // SQLite keeps times as UTC ticks (see DispatchDbContext); PostgreSQL subtracts timestamps.
        var ticks = sqlite
            ? "s.\"AcknowledgedAt\" - s.\"SummonedAt\""
            : "CAST(EXTRACT(EPOCH FROM (s.\"AcknowledgedAt\" - s.\"SummonedAt\")) * 10000000 AS bigint)";
        var list = sqlite ? $"group_concat({ticks}, ',')" : $"string_agg(CAST({ticks} AS text), ',')";
        var sql = $$"""
            SELECT s."DepartmentId" AS "DepartmentId", {{list}} AS "Ticks"
            FROM "Summonses" s
            WHERE s."SummonedAt" >= {0} AND s."SummonedAt" < {1} AND s."AcknowledgedAt" IS NOT NULL
              AND s."State" <> {{(int)SummonsState.Declined}} AND s."State" <> {{(int)SummonsState.Reassigned}}
            GROUP BY s."DepartmentId"
            """;
        var times = new List<(Guid DepartmentId, TimeSpan Time)>();

        // Read with the provider's own reader: through EF it cost three times as much.
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql.Replace("{0}", "@from", StringComparison.Ordinal).Replace("{1}", "@to", StringComparison.Ordinal);
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            AddParameter(command, "@from", sqlite ? period.From.UtcTicks : period.From.ToUniversalTime());
            AddParameter(command, "@to", sqlite ? period.To.UtcTicks : period.To.ToUniversalTime());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var department = reader.GetGuid(0);
                var text = reader.GetString(1).AsSpan();
                foreach (var range in text.Split(','))
                {
                    times.Add((department, TimeSpan.FromTicks(long.Parse(text[range], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture))));
                }
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }

        var overall = KpiCalculator.AcknowledgementTimes(times.Select(t => (Guid.Empty, t.Item2)));
        return (KpiCalculator.AcknowledgementTimes(times), overall is [var all] ? all : null);
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
