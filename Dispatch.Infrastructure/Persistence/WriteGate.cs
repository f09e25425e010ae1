using System.Data.Common;
using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
/// <para>
/// Group commit (<see cref="InBatchAsync{T}"/>): writers that queue up while one writes share its
/// transaction, each in its own savepoint and its own turn, and the last of them commits for all.
/// A commit is one flush of the write-ahead log, and it was two thirds of a case intake's time at
/// the gate (the intake benchmark's profile: 5,178 of 7,800 samples in COMMIT). A writer whose
/// part fails is rolled back to its savepoint and the others go on; nobody hears "saved" before
/// the commit that holds their write.
/// </para>
/// </summary>
public sealed class WriteGate(IOptions<DatabaseOptions> options, ILogger<WriteGate> logger)
{
    /// <summary>Longer than any write should take; past it a writer goes on and meets SQLite's own lock handling.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    /// <summary>Writers per shared transaction at most, so the first of them does not wait long for its commit.</summary>
    public const int MaxBatch = 32;

    private readonly SemaphoreSlim? _turn = options.Value.Provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;
    private readonly Lock _lock = new();
    private int _waiting;
    private Batch? _open;
    private long _commits;
    private long _writes;

    /// <summary>A writer of this node holds its turn now.</summary>
    public bool Busy => _turn?.CurrentCount == 0;

    /// <summary>Writers queued for their turn.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Whether writers share transactions here (SQLite); on PostgreSQL each writes on its own.</summary>
    public bool Batches => _turn is not null;

    /// <summary>How many shared transactions have committed, and how many writes joined one (what the tests check a batch by).</summary>
    public (long Commits, long Writes) Counts => (Interlocked.Read(ref _commits), Interlocked.Read(ref _writes));

    /// <summary>A turn of one's own, in no shared transaction (a shared one still open is committed first).</summary>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (_turn is null)
        {
            return Turn.None;
        }

        if (!await WaitForTurnAsync(cancellationToken))
        {
            logger.LogWarning("A write waited {Seconds} s for its turn and goes on without it", MaxWait.TotalSeconds);
            return Turn.None;
        }

        Batch? open;
        lock (_lock)
        {
            open = _open;
            _open = null;
        }

        if (open is not null)
        {
            await CommitAsync(open);
        }

        return new Turn(_turn);
    }

    /// <summary>
    /// Runs <paramref name="step"/> (the writes of <paramref name="db"/> and their save) in its turn,
    /// in the transaction it shares with the writers around it, and returns once that transaction
    /// has committed. The step's own failure comes back as it was, after its savepoint was rolled
    /// back; a failed commit comes back to every writer that shared it.
    /// </summary>
    public async Task<T> InBatchAsync<T>(DbContext db, Func<Task<T>> step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(step);
        if (_turn is null)
        {
            return await step();
        }

        if (!await WaitForTurnAsync(cancellationToken))
        {
            logger.LogWarning("A write waited {Seconds} s for its turn and goes on without it", MaxWait.TotalSeconds);
            await using var own = await db.Database.BeginTransactionAsync(cancellationToken);
            var alone = await step();
            await own.CommitAsync(cancellationToken);
            return alone;
        }

        Batch batch;
        try
        {
            batch = await JoinAsync(db, cancellationToken);
        }
        catch
        {
            _turn.Release();
            throw;
        }

        var savepoint = $"w{batch.Members}";
        var result = default(T);
        ExceptionDispatchInfo? failure = null;
        try
        {
            await batch.Transaction.SaveAsync(savepoint, cancellationToken);
            try
            {
                result = await step();
                await batch.Transaction.ReleaseAsync(savepoint, cancellationToken);
            }
            catch
            {
                await batch.Transaction.RollbackAsync(savepoint, CancellationToken.None);
                throw;
            }
        }
        catch (Exception ex)
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }

        var committed = await LeaveAsync(batch);

        // Even a writer that failed waits for the commit: the shared connection may be its context's.
        try
        {
            await committed;
        }
        catch when (failure is not null)
        {
            // Its own failure is the one to report.
        }

        failure?.Throw();
        return result!;
    }

    private async Task<bool> WaitForTurnAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        var entered = false;
        try
        {
            // Not cancellable once queued: a writer that passed its turn on counts on a successor.
            entered = await _turn!.WaitAsync(MaxWait, CancellationToken.None);

            // Timed out just as the turn came free: take it, so an open batch is not left without a writer.
            entered = entered || _turn.Wait(0, CancellationToken.None);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        if (entered && cancellationToken.IsCancellationRequested)
        {
            await PassOnAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return entered;
    }

    /// <summary>Gives up a turn without writing: the open batch goes on with the next writer, or is committed.</summary>
    private async Task PassOnAsync()
    {
        Batch? open;
        lock (_lock)
        {
            open = _open;
            if (open is not null && Waiting > 0)
            {
                _turn!.Release();
                return;
            }

            _open = null;
        }

        if (open is not null)
        {
            await CommitAsync(open);
        }

        _turn!.Release();
    }

    /// <summary>The open batch, or a new one on <paramref name="db"/>'s own connection.</summary>
    private async Task<Batch> JoinAsync(DbContext db, CancellationToken cancellationToken)
    {
        Batch? open;
        lock (_lock)
        {
            open = _open;
        }

        if (open is null)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            var transaction = (await db.Database.BeginTransactionAsync(cancellationToken)).GetDbTransaction();
            open = new Batch(db.Database.GetDbConnection(), transaction);
            lock (_lock)
            {
                _open = open;
            }
        }
        else
        {
            db.Database.SetDbConnection(open.Connection, contextOwnsConnection: false);
            await db.Database.UseTransactionAsync(open.Transaction, cancellationToken);
        }

        // The writer's part has a savepoint of ours; EF's own, inside it, would add nothing.
        db.Database.AutoSavepointsEnabled = false;
        open.Members++;
        Interlocked.Increment(ref _writes);
        return open;
    }

    /// <summary>Passes the turn to a writer waiting to join, or commits for everyone; the batch's commit either way.</summary>
    private async Task<Task> LeaveAsync(Batch batch)
    {
        lock (_lock)
        {
            if (Waiting > 0 && batch.Members < MaxBatch)
            {
                _turn!.Release();
                return batch.Committed.Task;
            }

            _open = null;
        }

        await CommitAsync(batch);
        _turn!.Release();
        return batch.Committed.Task;
    }

    private async Task CommitAsync(Batch batch)
    {
        try
        {
            await batch.Transaction.CommitAsync(CancellationToken.None);
            Interlocked.Increment(ref _commits);
            batch.Committed.SetResult();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A shared transaction of {Writers} writers failed to commit", batch.Members);
            batch.Committed.SetException(ex);
        }
    }

    private sealed class Batch(DbConnection connection, DbTransaction transaction)
    {
        public DbConnection Connection { get; } = connection;

        public DbTransaction Transaction { get; } = transaction;

        public int Members { get; set; }

        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Turn(SemaphoreSlim? turn) : IDisposable
    {
        public static readonly Turn None = new(null);

        private SemaphoreSlim? _turn = turn;

        public void Dispose() => Interlocked.Exchange(ref _turn, null)?.Release();
    }
}
