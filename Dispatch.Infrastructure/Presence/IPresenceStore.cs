namespace Dispatch.Infrastructure.Presence;

/// <summary>One live terminal of an on-duty staff member: a Blazor circuit or a hub connection.</summary>
public sealed record PresenceBeat(Guid DepartmentId, Guid StaffId, string Connection)
{
    /// <summary>The entry's name in the store: staff id and connection, so two terminals of one person count once but leave separately.</summary>
    public string Member => $"{StaffId:N}:{Connection}";

    /// <summary>The staff id in a stored member, or null for anything malformed.</summary>
    public static Guid? StaffOf(string? member) =>
        member is { Length: > 33 } && member[32] == ':' && Guid.TryParseExact(member.AsSpan(0, 32), "N", out var id) ? id : null;
}

/// <summary>Presence could not be read or written (Redis unreachable): show "unknown", never "nobody".</summary>
public sealed class PresenceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Where presence lives: in memory on a single node, in Redis when configured. Entries expire
/// <see cref="Domain.Presence.PresenceRules.Lifetime"/> after their last beat, by the app's clock.
/// </summary>
public interface IPresenceStore
{
    /// <summary>Records the beats; each stays present until the lifetime has passed.</summary>
    Task BeatAsync(IReadOnlyCollection<PresenceBeat> beats, CancellationToken cancellationToken);

    /// <summary>Removes the entries at once (a terminal closed, or its user went off duty).</summary>
    Task LeaveAsync(IReadOnlyCollection<PresenceBeat> beats, CancellationToken cancellationToken);

    /// <summary>The staff present in each of the departments. Throws <see cref="PresenceUnavailableException"/>.</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlySet<Guid>>> ReadAsync(IReadOnlyCollection<Guid> departmentIds, CancellationToken cancellationToken);
}
