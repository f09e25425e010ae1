using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Redis;

/// <summary>
/// The small Redis client the app needs (no .NET Redis client restores here): one shared
/// connection for commands and pipelines, a separate one per subscription, reconnection with
/// exponential backoff, and errors that say what happened. While Redis is down, calls fail
/// fast with <see cref="RedisConnectionException"/> until the next attempt is due.
/// </summary>
public sealed class RedisClient(RedisOptions options, ILogger<RedisClient> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private RedisConnection? _connection;
    private int _failures;
    private long _nextAttemptAt;
    private string? _lastError;
    private long _roundTrips;
    private long _commands;

    public RedisOptions Options { get; } = options;

    /// <summary>Round trips made (one per pipeline), for benchmarks and tests.</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <summary>Commands sent.</summary>
    public long Commands => Interlocked.Read(ref _commands);

    public bool IsConnected => _connection is { IsBroken: false };

    public string Key(string name) => Options.KeyPrefix + name;

    public async Task<RespValue> ExecuteAsync(RedisCommand command, CancellationToken cancellationToken = default) =>
        (await PipelineAsync([command], cancellationToken: cancellationToken))[0];

    /// <summary>
    /// Sends the commands in one round trip. An error reply throws <see cref="RedisServerException"/>
    /// after all replies are read (the connection stays usable). With <paramref name="idempotent"/>,
    /// a pipeline that fails on a connection that went stale (Redis restarted since it was last used)
    /// is sent once more on a fresh one.
    /// </summary>
    public async Task<IReadOnlyList<RespValue>> PipelineAsync(IReadOnlyList<RedisCommand> commands, bool idempotent = false, CancellationToken cancellationToken = default)
    {
        var replies = await PipelineRawAsync(commands, idempotent, cancellationToken);
        for (var i = 0; i < replies.Count; i++)
        {
            if (replies[i].Kind == RespKind.Error)
            {
                throw new RedisServerException(commands[i].Name, replies[i].Text ?? string.Empty);
            }
        }

        return replies;
    }

    /// <summary>As <see cref="PipelineAsync"/>, but error replies come back as values, one per command.</summary>
    public async Task<IReadOnlyList<RespValue>> PipelineRawAsync(IReadOnlyList<RedisCommand> commands, bool idempotent = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (commands.Count == 0)
        {
            return [];
        }

        var (connection, fresh) = await ConnectionAsync(cancellationToken);
        IReadOnlyList<RespValue> replies;
        try
        {
            replies = await SendAsync(connection, commands, cancellationToken);
        }
        catch (RedisConnectionException) when (idempotent && !fresh)
        {
            (connection, _) = await ConnectionAsync(cancellationToken);
            replies = await SendAsync(connection, commands, cancellationToken);
        }

        return replies;
    }

    public async Task<long> PublishAsync(string channel, string message, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(new RedisCommand("PUBLISH", Key(channel), message), cancellationToken)).AsInteger();

    /// <summary>
    /// Listens on the channels (names without the key prefix) on a connection of its own, and
    /// keeps listening through outages: after each re-subscription <paramref name="onResubscribed"/>
    /// runs, because messages published meanwhile are gone.
    /// </summary>
    public RedisSubscription Subscribe(IReadOnlyList<string> channels, Func<string, byte[], Task> onMessage, Func<Task>? onResubscribed = null)
    {
        ArgumentNullException.ThrowIfNull(channels);
        return new RedisSubscription(Options, [.. channels.Select(Key)], Options.KeyPrefix, onMessage, onResubscribed, logger);
    }

    private async Task<IReadOnlyList<RespValue>> SendAsync(RedisConnection connection, IReadOnlyList<RedisCommand> commands, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _roundTrips);
        Interlocked.Add(ref _commands, commands.Count);
        try
        {
            return await connection.ExecuteAsync(commands, cancellationToken);
        }
        catch (RedisConnectionException ex)
        {
            logger.LogWarning("Redis at {Endpoint}: {Error}", Options.Endpoint, ex.Message);
            throw;
        }
    }

    private async Task<(RedisConnection Connection, bool Fresh)> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsBroken: false } current)
        {
            return (current, false);
        }

        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsBroken: false } raced)
            {
                return (raced, false);
            }

            var now = Stopwatch.GetTimestamp();
            if (now < _nextAttemptAt)
            {
                var wait = Stopwatch.GetElapsedTime(now, _nextAttemptAt);
                throw new RedisConnectionException($"Redis at {Options.Endpoint} is unavailable ({_lastError}); next attempt in {wait.TotalMilliseconds:0} ms.");
            }

            try
            {
                var connection = await RedisConnection.OpenAsync(Options, cancellationToken);
                if (_failures > 0)
                {
                    logger.LogInformation("Redis at {Endpoint} is reachable again after {Failures} failed attempts", Options.Endpoint, _failures);
                }

                _failures = 0;
                _connection = connection;
                return (connection, true);
            }
            catch (RedisConnectionException ex)
            {
                _failures++;
                _lastError = ex.Message;
                _nextAttemptAt = Stopwatch.GetTimestamp() + (long)(Backoff(_failures, Options.MaxBackoff).TotalSeconds * Stopwatch.Frequency);
                if (_failures == 1)
                {
                    logger.LogWarning("Redis at {Endpoint} is unavailable: {Error}", Options.Endpoint, ex.Message);
                }

                throw;
            }
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>100 ms, doubling per failure up to <paramref name="max"/>, with ±20 % jitter.</summary>
    internal static TimeSpan Backoff(int failures, TimeSpan max)
    {
        var baseMs = Math.Min(100 * Math.Pow(2, Math.Min(failures - 1, 16)), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(baseMs * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }
    }
}
