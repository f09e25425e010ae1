using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Infrastructure.Persistence;

/// <summary>
/// On SQLite, this node's writers take turns here, asynchronously, before they take the
/// database's one write lock. Without it, concurrent writers collide on the lock: SQLite answers
/// "busy", and Microsoft.Data.Sqlite blocks the thread and retries after 150 ms, so under a
/// burst of intake the p99 came in steps of 150 ms and waiting writers held thread-pool threads
/// (the intake benchmark's profile). Waiting here costs no thread and no sleep. Writers of other
/// processes on the same file still meet SQLite's own locking. On PostgreSQL, which has row locks,
/// the gate lets everyone through.
/// </summary>
public sealed class WriteGate(IOptions<DatabaseOptions> options, ILogger<WriteGate> logger)
{
    /// <summary>Longer than any write should take; past it a writer goes on and meets SQLite's own lock handling.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim? _turn = options.Value.Provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;

    /// <summary>A writer of this node holds its turn now.</summary>
    public bool Busy => _turn?.CurrentCount == 0;

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (_turn is null)
        {
            return Turn.None;
        }

        if (await _turn.WaitAsync(MaxWait, cancellationToken))
        {
            return new Turn(_turn);
        }

        logger.LogWarning("A write waited {Seconds} s for its turn and goes on without it", MaxWait.TotalSeconds);
        return Turn.None;
    }

    private sealed class Turn(SemaphoreSlim? turn) : IDisposable
    {
        public static readonly Turn None = new(null);

        private SemaphoreSlim? _turn = turn;

        public void Dispose() => Interlocked.Exchange(ref _turn, null)?.Release();
    }
}
