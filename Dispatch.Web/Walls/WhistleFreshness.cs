using Dispatch.Infrastructure.Queries;

namespace Dispatch.Web.Walls;

/// <summary>
/// Which whistles on a wall changed just now: blown since the wall opened, or answered (a summons
/// changed state) since the last read. Those flash and stay on every page of the feed for
/// <see cref="For"/>, so what just happened is never on a page rotated away.
/// </summary>
public sealed class WhistleFreshness
{
    public static readonly TimeSpan For = TimeSpan.FromSeconds(15);

    /// <summary>Per whistle shown: the states of its summonses as last read, and when they last changed.</summary>
    private readonly Dictionary<Guid, (string States, DateTimeOffset At)> _changed = [];
    private bool _read;

    /// <summary>Takes in one read of the running whistles at <paramref name="now"/>; whistles no longer running are forgotten.</summary>
    public void Read(IReadOnlyList<WhistleRow> whistles, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(whistles);
        foreach (var whistle in whistles)
        {
            var states = string.Join(',', whistle.Summonses.Select(m => $"{m.Id:N}{m.State}"));
            if (!_changed.TryGetValue(whistle.Id, out var known))
            {
                // On the first read only the whistles blown just now flash; after it every new one does.
                _changed[whistle.Id] = (states, !_read && now - whistle.BlownAt >= For ? DateTimeOffset.MinValue : now);
            }
            else if (known.States != states)
            {
                _changed[whistle.Id] = (states, now);
            }
        }

        var shown = whistles.Select(w => w.Id).ToHashSet();
        foreach (var gone in _changed.Keys.Where(id => !shown.Contains(id)).ToList())
        {
            _changed.Remove(gone);
        }

        _read = true;
    }

    /// <summary>Forgets everything, as when the wall's file changed and it starts over.</summary>
    public void Reset()
    {
        _changed.Clear();
        _read = false;
    }

    public IReadOnlySet<Guid> FreshAt(DateTimeOffset now) =>
        _changed.Where(c => now - c.Value.At < For).Select(c => c.Key).ToHashSet();
}
