using System.Collections.Concurrent;
using Dispatch.Domain.Kpis;
using Dispatch.Infrastructure.Queries;

namespace Dispatch.Web.Reports;

/// <summary>A report and what it cost to compute.</summary>
public sealed record ComputedReport(AnalysisReport Report, TimeSpan Took);

/// <summary>
/// The reports of the last minute, by center and period. The reports page computes its report
/// when it is prerendered and again a moment later when it turns interactive, and a director
/// often downloads the tables just read; over a year each costs most of a second, so they share
/// one computation. A report is at most <see cref="Lifetime"/> old, and the page says when it
/// was composed. Callers asking at the same time wait for the same computation.
/// </summary>
public sealed class ReportCache(ReportQueries reports, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<(Guid Center, DateTimeOffset From, DateTimeOffset To), Entry> _entries = new();

    public int Count => _entries.Count;

    public Task<ComputedReport> GetAsync(WallScope scope, Period period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(period);
        var now = clock.GetUtcNow();
        foreach (var stale in _entries.Where(e => now - e.Value.Started >= Lifetime))
        {
            _entries.TryRemove(stale);
        }

        var key = Key(scope, period);
        return _entries.GetOrAdd(key, _ => new Entry(now, new Lazy<Task<ComputedReport>>(() => Task.Run(() => ComputeAsync(key, scope, period)))))
            .Report.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Drops the stored report of this center and period (重新统计), so the next caller computes it anew.</summary>
    public void Forget(WallScope scope, Period period)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(period);
        _entries.TryRemove(Key(scope, period), out _);
    }

    private static (Guid, DateTimeOffset, DateTimeOffset) Key(WallScope scope, Period period) => (scope.CenterId, period.From.ToUniversalTime(), period.To.ToUniversalTime());

    private async Task<ComputedReport> ComputeAsync((Guid, DateTimeOffset, DateTimeOffset) key, WallScope scope, Period period)
    {
        // On the thread pool (SQLite reads synchronously) and shared by every caller waiting for
        // it, so no single caller's cancellation stops it.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var report = await reports.ReportAsync(scope, period, CancellationToken.None);
            return new ComputedReport(report, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch
        {
            // A failed computation is not kept: the next caller tries again.
            _entries.TryRemove(key, out _);
            throw;
        }
    }

    private sealed record Entry(DateTimeOffset Started, Lazy<Task<ComputedReport>> Report);
}
