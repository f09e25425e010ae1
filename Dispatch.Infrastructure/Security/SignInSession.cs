namespace Dispatch.Infrastructure.Security;

/// <summary>
/// One signed-in browser (or wall device), kept on the server: the cookie holds only this row's
/// key, so ending the row ends the session at once — a copied cookie is worth nothing afterwards.
/// </summary>
public sealed class SignInSession
{
    public const int UserAgentMaxLength = 300;

    public string Id { get; set; } = string.Empty;

    public Guid AccountId { get; set; }

    public string UserName { get; set; } = string.Empty;

    /// <summary>The serialized authentication ticket (claims and properties; no password, no secret).</summary>
    public byte[] Ticket { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>A wall display's long-lived sign-in.</summary>
    public bool IsDevice { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Why it ended: 退出, 修改密码, 账号锁定, 强制下线.</summary>
    public string? EndedReason { get; set; }

    public string? EndedBy { get; set; }

    public bool IsActive(DateTimeOffset now) => EndedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
