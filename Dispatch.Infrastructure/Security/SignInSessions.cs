using System.Collections.Concurrent;
using System.Security.Cryptography;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Security;

/// <summary>A session as the administrators' page lists it.</summary>
public sealed record SessionRow(string Id, Guid AccountId, string UserName, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset? ExpiresAt, string? IpAddress, string? UserAgent, bool IsDevice);

/// <summary>
/// The server-side sessions. Reads are cached for a few seconds per node so that every request,
/// hub call and circuit check does not hit the database; an end on this node clears its cache at
/// once, and other nodes see it within <see cref="CacheFor"/>.
/// </summary>
public sealed class SignInSessions(IDbContextFactory<DispatchDbContext> factory, TimeProvider clock, AuditTrail audit)
{
    /// <summary>How long a node trusts what it last read of a session.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    /// <summary>Last-seen times are written at most this often per session.</summary>
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (SignInSession? Session, DateTimeOffset ReadAt)> _cache = new(StringComparer.Ordinal);

    /// <summary>Raised on this node when sessions end, with their keys (hub connections close on it).</summary>
    public event Action<IReadOnlyList<string>>? Ended;

    public static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public async Task StartAsync(SignInSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = clock.GetUtcNow();
        session.CreatedAt = session.LastSeenAt = now;
        session.UserAgent = session.UserAgent is { Length: > SignInSession.UserAgentMaxLength } agent ? agent[..SignInSession.UserAgentMaxLength] : session.UserAgent;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.SignInSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        _cache[session.Id] = (session, now);
    }

    /// <summary>The session when it is still active, else null (ended, expired or unknown).</summary>
    public async Task<SignInSession?> ActiveAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && now - cached.ReadAt < CacheFor)
        {
            return cached.Session?.IsActive(now) == true ? cached.Session : null;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var session = await db.SignInSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == key, cancellationToken);
        if (session is not null && session.IsActive(now) && now - session.LastSeenAt >= TouchEvery)
        {
            await db.SignInSessions.Where(s => s.Id == key).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), cancellationToken);
            session.LastSeenAt = now;
        }

        _cache[key] = (session, now);
        return session?.IsActive(now) == true ? session : null;
    }

    public async Task<bool> IsActiveAsync(string key, CancellationToken cancellationToken) =>
        await ActiveAsync(key, cancellationToken) is not null;

    /// <summary>The cookie was refreshed (sliding expiration): keep the new ticket and expiry.</summary>
    public async Task RenewAsync(string key, byte[] ticket, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.SignInSessions.Where(s => s.Id == key && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Ticket, ticket).SetProperty(s => s.ExpiresAt, expiresAt).SetProperty(s => s.LastSeenAt, now), cancellationToken);
        _cache.TryRemove(key, out _);
    }

    /// <summary>Ends one session; returns whether it was active. Recorded in the audit trail with the reason and who ended it.</summary>
    public async Task<bool> EndAsync(string key, string reason, string? by, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var session = await db.SignInSessions.AsNoTracking().Where(s => s.Id == key && s.EndedAt == null).Select(s => new { s.UserName, s.IpAddress }).FirstOrDefaultAsync(cancellationToken);
        var ended = await db.SignInSessions.Where(s => s.Id == key && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndedReason, reason).SetProperty(s => s.EndedBy, by), cancellationToken);
        if (ended > 0 && session is not null)
        {
            db.AuditEntries.Add(audit.Entry(AuditKind.SessionEnded, by ?? session.UserName, session.UserName, $"{reason}：{session.UserName} 在 {session.IpAddress ?? "未知地址"} 的登录已结束。"));
            await db.SaveChangesAsync(cancellationToken);
        }

        Forget([key]);
        return ended > 0;
    }

    /// <summary>Ends every active session of an account, except (optionally) the one making the change.</summary>
    public async Task<IReadOnlyList<string>> EndAllAsync(Guid accountId, string reason, string? by, string? exceptKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var sessions = await db.SignInSessions.Where(s => s.AccountId == accountId && s.EndedAt == null && s.Id != exceptKey).Select(s => new { s.Id, s.UserName }).ToListAsync(cancellationToken);
        var keys = sessions.Select(s => s.Id).ToList();
        if (keys.Count > 0)
        {
            await db.SignInSessions.Where(s => keys.Contains(s.Id) && s.EndedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndedReason, reason).SetProperty(s => s.EndedBy, by), cancellationToken);
            var user = sessions[0].UserName;
            db.AuditEntries.Add(audit.Entry(AuditKind.SessionEnded, by ?? user, user, $"{reason}：{user} 的 {keys.Count} 个登录已结束。"));
            await db.SaveChangesAsync(cancellationToken);
            Forget(keys);
        }

        return keys;
    }

    /// <summary>Every active session, most recently seen first.</summary>
    public async Task<IReadOnlyList<SessionRow>> ListActiveAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = await db.SignInSessions.AsNoTracking().Where(s => s.EndedAt == null && (s.ExpiresAt == null || s.ExpiresAt > now))
            .OrderByDescending(s => s.LastSeenAt)
            .Select(s => new SessionRow(s.Id, s.AccountId, s.UserName, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.IpAddress, s.UserAgent, s.IsDevice))
            .Take(1000)
            .ToListAsync(cancellationToken);
        return rows;
    }

    /// <summary>Removes rows that ended or expired more than <paramref name="olderThan"/> ago.</summary>
    public async Task<int> PurgeAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - olderThan;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.SignInSessions.Where(s => (s.EndedAt != null && s.EndedAt < before) || (s.ExpiresAt != null && s.ExpiresAt < before))
            .ExecuteDeleteAsync(cancellationToken);
    }

    private void Forget(IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            _cache.TryRemove(key, out _);
        }

        Ended?.Invoke(keys);
    }
}
