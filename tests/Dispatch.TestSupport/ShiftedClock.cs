using System.Diagnostics;

namespace Dispatch.TestSupport;

/// <summary>
/// A clock that starts at a fixed instant and then runs at real speed: the app under test
/// lives on the same day and hour whenever the test runs (a Tuesday morning, say), while its
/// countdowns, timers and delayed jobs still move.
/// </summary>
public sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private readonly DateTimeOffset _start = start.ToUniversalTime();
    private readonly Stopwatch _running = Stopwatch.StartNew();

    public override DateTimeOffset GetUtcNow() => _start + _running.Elapsed;
}
