namespace Dispatch.Infrastructure.Messaging;

/// <summary>
/// The link in a summons text (短链): a random token, stored only as its SHA-256, good for one
/// summons and the one person it was sent to, while that summons is open. It opens the phone
/// page for that summons and nothing else of the system.
/// </summary>
public sealed class PhoneLink
{
    public required Guid Id { get; init; }

    /// <summary>SHA-256 of the token, hex; the token itself is only in the text.</summary>
    public required string TokenHash { get; init; }

    public required Guid WhistleId { get; init; }

    public required Guid SummonsId { get; init; }

    public required Guid TextId { get; init; }

    /// <summary>The account of the person, or null for a department head (who has none).</summary>
    public Guid? StaffId { get; init; }

    public required string Name { get; init; }

    public required string Phone { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the link was last used to act (报到, 到场, 反馈, 退回).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
}
