using System.Collections.Concurrent;
using Dispatch.Domain.Presence;

namespace Dispatch.Infrastructure.Presence;

/// <summary>The embedded default: presence of this node's terminals, in memory.</summary>
public sealed class InMemoryPresenceStore(TimeProvider clock) : IPresenceStore
{
    private readonly ConcurrentDictionary<(Guid Department, string Member), DateTimeOffset> _entries = new();

    public Task BeatAsync(IReadOnlyCollection<PresenceBeat> beats, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(beats);
        var until = clock.GetUtcNow() + PresenceRules.Lifetime;
        foreach (var beat in beats)
        {
            _entries[(beat.DepartmentId, beat.Member)] = until;
        }

        return Task.CompletedTask;
    }

    public Task LeaveAsync(IReadOnlyCollection<PresenceBeat> beats, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(beats);
        foreach (var beat in beats)
        {
            _entries.TryRemove((beat.DepartmentId, beat.Member), out _);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<Guid, IReadOnlySet<Guid>>> ReadAsync(IReadOnlyCollection<Guid> departmentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(departmentIds);
        var now = clock.GetUtcNow();
        foreach (var expired in _entries.Where(e => e.Value <= now).Select(e => e.Key).ToList())
        {
            _entries.TryRemove(expired, out _);
        }

        var live = _entries.Keys.ToList();
        IReadOnlyDictionary<Guid, IReadOnlySet<Guid>> result = departmentIds.Distinct().ToDictionary(
            d => d,
            d => (IReadOnlySet<Guid>)live.Where(k => k.Department == d).Select(k => PresenceBeat.StaffOf(k.Member)).OfType<Guid>().ToHashSet());
        return Task.FromResult(result);
    }
}
