using Dispatch.Domain.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dispatch.Infrastructure.Persistence;

/// <summary>Someone else changed the same record at the same moment, more often than a retry could absorb.</summary>
public sealed class ConcurrencyConflictException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Runs one use case against a fresh context and saves it. When another writer got there first
/// (optimistic concurrency), the whole use case runs again on fresh data, so the rules are
/// checked against what is really stored: the second of two identical acknowledgements then
/// fails with the domain's own message ("已由 … 报到"). The save waits for its turn at the
/// <see cref="WriteGate"/>, where on SQLite it shares one transaction with the saves queued with
/// it; the reads and the rules before it do not wait.
/// </summary>
public sealed class UnitOfWork(IDbContextFactory<DispatchDbContext> factory, WriteGate gate, IDomainEventPublisher publisher, ILogger<UnitOfWork> logger)
{
    public const int MaxAttempts = 6;

    public Task<T> ExecuteAsync<T>(Func<DispatchDbContext, Task<T>> work, CancellationToken cancellationToken = default) =>
        RunAsync(work, oneWrite: false, cancellationToken);

    /// <summary>
    /// Like <see cref="ExecuteAsync{T}"/>, but <paramref name="work"/> itself writes (a counter's
    /// upsert) and must commit with the save or not at all: it runs in its turn at the gate, in one
    /// transaction with the save. Keep such work short: only its reads and writes, no heavy queries.
    /// The domain events are published after the commit.
    /// </summary>
    public Task<T> ExecuteInOneWriteAsync<T>(Func<DispatchDbContext, Task<T>> work, CancellationToken cancellationToken = default) =>
        RunAsync(work, oneWrite: true, cancellationToken);

    private async Task<T> RunAsync<T>(Func<DispatchDbContext, Task<T>> work, bool oneWrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            db.HoldEvents = true;
            try
            {
                T result;
                if (gate.Batches)
                {
                    // SQLite: the save shares a transaction with the writers queued with it (group commit).
                    var before = oneWrite ? default : await work(db);
                    result = await gate.InBatchAsync(db, async () =>
                    {
                        var value = oneWrite ? await work(db) : before!;
                        await db.SaveChangesAsync(cancellationToken);
                        return value;
                    }, cancellationToken);
                }
                else if (oneWrite)
                {
                    using (await gate.EnterAsync(cancellationToken))
                    {
                        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                        result = await work(db);
                        await db.SaveChangesAsync(cancellationToken);
                        await transaction.CommitAsync(cancellationToken);
                    }
                }
                else
                {
                    result = await work(db);
                    using (await gate.EnterAsync(cancellationToken))
                    {
                        await db.SaveChangesAsync(cancellationToken);
                    }
                }

                if (db.HeldEvents.Count > 0)
                {
                    await publisher.PublishAsync([.. db.HeldEvents], cancellationToken);
                }

                return result;
            }
            catch (DbUpdateException ex) when (IsConflict(ex))
            {
                if (attempt >= MaxAttempts)
                {
                    logger.LogWarning("A write lost the race {Attempts} times in a row; the user is asked to refresh", attempt);
                    throw new ConcurrencyConflictException("数据刚被其他人修改，请刷新页面后再试。", ex);
                }

                // Expected when two people act at once: not an error, the use case simply runs again.
                logger.LogInformation("Write conflict ({Reason}); running the use case again, attempt {Attempt}", ex.InnerException?.GetType().Name ?? ex.GetType().Name, attempt + 1);

                // Jittered backoff, so writers that collided do not collide again in lockstep.
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), cancellationToken);
            }
        }
    }

    public Task ExecuteAsync(Func<DispatchDbContext, Task> work, CancellationToken cancellationToken = default) =>
        ExecuteAsync(async db =>
        {
            await work(db);
            return true;
        }, cancellationToken);

    internal static bool IsConflict(DbUpdateException ex) =>
        ex is DbUpdateConcurrencyException
        || ex.InnerException is SqliteException { SqliteErrorCode: 19 }
        || ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}

/// <summary>Turns a missing row into the message a person can act on.</summary>
public static class QueryExtensions
{
    public static async Task<T> OrNotFound<T>(this Task<T?> query, string what) where T : class =>
        await query ?? throw new DomainException($"找不到{what}，可能已被删除或页面已过期，请刷新。");
}
