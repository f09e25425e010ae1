using System.Collections.Concurrent;
using Dispatch.Domain.Common;
using Dispatch.Domain.Presence;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Presence;

/// <summary>
/// This node's live terminals of department staff (Blazor circuits and hub connections). Every
/// <see cref="PresenceRules.HeartbeatInterval"/> it beats, in one batch, for each connected
/// terminal whose user is on duty; a terminal that disconnects stops beating and so expires;
/// one that closes, or whose user goes off duty, leaves at once. Who is on duty comes from the
/// database (the shifts), re-read on every duty change and every minute, so a missed message
/// (Redis down) heals by itself.
/// </summary>
public sealed class PresenceTracker(
    IPresenceStore store,
    IDbContextFactory<DispatchDbContext> contexts,
    ILogger<PresenceTracker> logger) : BackgroundService
{
    private const int RefreshEveryTicks = 4;
    private readonly ConcurrentDictionary<string, Session> _sessions = new();
    private readonly ConcurrentDictionary<Guid, bool> _onDuty = new();
    private bool _storeFailing;
    private long _ticks;

    public int Sessions => _sessions.Count;

    public async Task OpenAsync(string connection, Guid staffId, Guid departmentId, CancellationToken cancellationToken = default)
    {
        var session = new Session(connection, staffId, departmentId) { Connected = true };
        _sessions[connection] = session;
        if (!_onDuty.ContainsKey(staffId))
        {
            await RefreshAsync([staffId], cancellationToken);
        }

        if (IsOnDuty(staffId))
        {
            await SafelyAsync(store.BeatAsync([session.Beat], cancellationToken));
        }
    }

    /// <summary>A circuit lost (false) or regained (true) its connection; while lost it does not beat.</summary>
    public async Task SetConnectedAsync(string connection, bool connected, CancellationToken cancellationToken = default)
    {
        if (_sessions.TryGetValue(connection, out var session))
        {
            session.Connected = connected;
            if (connected && IsOnDuty(session.StaffId))
            {
                await SafelyAsync(store.BeatAsync([session.Beat], cancellationToken));
            }
        }
    }

    public async Task CloseAsync(string connection, CancellationToken cancellationToken = default)
    {
        if (_sessions.TryRemove(connection, out var session))
        {
            await SafelyAsync(store.LeaveAsync([session.Beat], cancellationToken));
        }
    }

    /// <summary>Re-reads who of these staff is on duty, then beats or leaves their terminals here.</summary>
    public async Task RefreshAsync(IReadOnlyCollection<Guid> staffIds, CancellationToken cancellationToken = default)
    {
        if (staffIds.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var onDuty = await db.DutyShifts.AsNoTracking()
            .Where(s => staffIds.Contains(s.StaffId) && s.EndedAt == null)
            .Select(s => s.StaffId)
            .ToListAsync(cancellationToken);
        List<PresenceBeat> beats = [];
        List<PresenceBeat> leaves = [];
        foreach (var staffId in staffIds)
        {
            var now = onDuty.Contains(staffId);
            var before = _onDuty.TryGetValue(staffId, out var was) && was;
            _onDuty[staffId] = now;
            var mine = _sessions.Values.Where(s => s.StaffId == staffId).ToList();
            if (now && !before)
            {
                beats.AddRange(mine.Where(s => s.Connected).Select(s => s.Beat));
            }
            else if (!now && before)
            {
                leaves.AddRange(mine.Select(s => s.Beat));
            }
        }

        await SafelyAsync(store.BeatAsync(beats, cancellationToken));
        await SafelyAsync(store.LeaveAsync(leaves, cancellationToken));
    }

    /// <summary>Re-reads the duty of this node's terminals in these departments (a duty change on another node).</summary>
    public Task RefreshDepartmentsAsync(IReadOnlyCollection<Guid> departmentIds, CancellationToken cancellationToken = default) =>
        RefreshAsync([.. _sessions.Values.Where(s => departmentIds.Contains(s.DepartmentId)).Select(s => s.StaffId).Distinct()], cancellationToken);

    /// <summary>One heartbeat round for every connected, on-duty terminal on this node (the timer calls it).</summary>
    public async Task TickAsync(CancellationToken cancellationToken = default)
    {
        if (++_ticks % RefreshEveryTicks == 0)
        {
            await RefreshAsync([.. _sessions.Values.Select(s => s.StaffId).Distinct()], cancellationToken);
        }

        var beats = _sessions.Values.Where(s => s.Connected && IsOnDuty(s.StaffId)).Select(s => s.Beat).ToList();
        if (beats.Count > 0)
        {
            await SafelyAsync(store.BeatAsync(beats, cancellationToken));
        }
    }

    private bool IsOnDuty(Guid staffId) => _onDuty.TryGetValue(staffId, out var onDuty) && onDuty;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Duty changes re-read at once through RefreshAsync/RefreshDepartmentsAsync, called by the
        // notice relay (Web) before the change is announced, so no page reads the board too early.
        using var timer = new PeriodicTimer(PresenceRules.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await TickAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "A presence heartbeat round failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // A clean shutdown takes this node's terminals off the board at once.
        await SafelyAsync(store.LeaveAsync([.. _sessions.Values.Select(s => s.Beat)], cancellationToken));
    }

    /// <summary>Runs a store call; an unreachable store is logged once per outage, not per beat.</summary>
    private async Task<bool> SafelyAsync(Task call)
    {
        try
        {
            await call;
            if (_storeFailing)
            {
                _storeFailing = false;
                logger.LogInformation("Presence store reachable again");
            }

            return true;
        }
        catch (PresenceUnavailableException ex)
        {
            if (!_storeFailing)
            {
                _storeFailing = true;
                logger.LogWarning("Presence store unavailable; terminals keep working, presence shows unknown: {Error}", ex.Message);
            }

            return false;
        }
    }

    private sealed class Session(string connection, Guid staffId, Guid departmentId)
    {
        public Guid StaffId { get; } = staffId;

        public Guid DepartmentId { get; } = departmentId;

        public volatile bool Connected;

        public PresenceBeat Beat { get; } = new(departmentId, staffId, connection);
    }
}
