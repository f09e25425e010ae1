using Dispatch.Domain.Escalation;

namespace Dispatch.Infrastructure.Escalation;

/// <summary>
/// A named escalation policy an administrator keeps (预警规则). Whistles copy the default one
/// when they are blown, so editing it never changes a running whistle.
/// </summary>
public sealed class EscalationPolicyRecord
{
    public Guid Id { get; set; }

    public required EscalationPolicy Policy { get; set; }

    /// <summary>Mirrors <see cref="EscalationPolicy.Name"/>, for the unique index.</summary>
    public required string Name { get; set; }

    public bool IsDefault { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}
