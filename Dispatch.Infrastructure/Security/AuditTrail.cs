using System.Runtime.CompilerServices;
using System.Text.Json;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Security;

/// <summary>What an audit record is about.</summary>
public enum AuditKind
{
    SignedIn = 1,
    SignInFailed = 2,
    LockedOut = 3,
    AccessDenied = 4,
    SessionEnded = 5,
    PasswordChanged = 6,
    EscalationPolicyChanged = 7,
    RiskRuleChanged = 8,
    RosterChanged = 9,
}

/// <summary>
/// One line of the audit trail: who did what, when, from where, and what changed (before and
/// after, as JSON). Append-only: the app has no way to change or delete one, and the database
/// refuses it too (triggers).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public AuditKind Kind { get; set; }

    /// <summary>The login of whoever acted (or tried to), "系统" for the app itself.</summary>
    public string Actor { get; set; } = string.Empty;

    /// <summary>The network address the action came from, when known.</summary>
    public string? Address { get; set; }

    /// <summary>What was acted on: an account, a rule's name, a department and day.</summary>
    public string Target { get; set; } = string.Empty;

    public string Summary { get; set; } = string.Empty;

    public string? Before { get; set; }

    public string? After { get; set; }
}

public sealed record AuditFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, AuditKind? Kind = null, string? Actor = null);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total);

/// <summary>Writes and reads the audit trail.</summary>
public sealed class AuditTrail(IDbContextFactory<DispatchDbContext> factory, TimeProvider clock)
{
    private static readonly AsyncLocal<string?> CurrentOrigin = new();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Where the current request or page event comes from; set by the web layer for each inbound call.</summary>
    public static string? Origin
    {
        get => CurrentOrigin.Value;
        set => CurrentOrigin.Value = value;
    }

    public static string Label(AuditKind kind) => kind switch
    {
        AuditKind.SignedIn => "登录",
        AuditKind.SignInFailed => "登录失败",
        AuditKind.LockedOut => "账号锁定",
        AuditKind.AccessDenied => "越权被拒",
        AuditKind.SessionEnded => "会话结束",
        AuditKind.PasswordChanged => "修改密码",
        AuditKind.EscalationPolicyChanged => "修改超时预警规则",
        AuditKind.RiskRuleChanged => "修改风险预警规则",
        AuditKind.RosterChanged => "修改值班表",
        _ => kind.ToString(),
    };

    /// <summary>A record stamped now, from the current origin; before and after are stored as JSON.</summary>
    public AuditEntry Entry(AuditKind kind, string actor, string target, string summary, object? before = null, object? after = null) => new()
    {
        At = clock.GetUtcNow(),
        Kind = kind,
        Actor = Clip(actor, 64),
        Address = Origin,
        Target = Clip(target, 200),
        Summary = Clip(summary, 1000),
        Before = before is null ? null : JsonSerializer.Serialize(before, Json),
        After = after is null ? null : JsonSerializer.Serialize(after, Json),
    };

    /// <summary>The login of the acting staff member, for records written inside a use case.</summary>
    public static async Task<string> LoginOfAsync(DispatchDbContext db, Domain.Common.Operator user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        return await db.Staff.AsNoTracking().Where(s => s.Id == user.StaffId).Select(s => s.UserName).FirstOrDefaultAsync(cancellationToken) ?? user.Name;
    }

    /// <summary>Records on its own (sign-ins, refusals, session ends).</summary>
    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<AuditPage> QueryAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var query = Filter(db, filter);
        var total = await query.CountAsync(cancellationToken);
        var entries = await query.OrderByDescending(e => e.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        return new AuditPage(entries, total);
    }

    /// <summary>Every matching record, newest first, streamed (the CSV export).</summary>
    public async IAsyncEnumerable<AuditEntry> ExportAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await foreach (var entry in Filter(db, filter).OrderByDescending(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return entry;
        }
    }

    private static IQueryable<AuditEntry> Filter(DispatchDbContext db, AuditFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.AuditEntries.AsNoTracking();
        if (filter.From is { } from)
        {
            var start = from.ToUniversalTime();
            query = query.Where(e => e.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = to.ToUniversalTime();
            query = query.Where(e => e.At < end);
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(e => e.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim();
            query = query.Where(e => e.Actor == actor);
        }

        return query;
    }

    private static string Clip(string? text, int max) => text is null ? string.Empty : text.Length > max ? text[..max] : text;
}
