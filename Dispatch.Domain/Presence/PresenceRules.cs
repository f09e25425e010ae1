namespace Dispatch.Domain.Presence;

/// <summary>How presence is kept alive: a heartbeat every 15 s, gone 45 s after the last one.</summary>
public static class PresenceRules
{
    public static TimeSpan HeartbeatInterval { get; } = TimeSpan.FromSeconds(15);

    /// <summary>A terminal that stops beating (closed laptop, lost network) is gone this long after its last heartbeat.</summary>
    public static TimeSpan Lifetime { get; } = TimeSpan.FromSeconds(45);
}
