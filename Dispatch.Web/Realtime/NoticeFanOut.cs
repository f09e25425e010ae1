using System.Text.Json;
using Dispatch.Infrastructure.ScaleOut;
using StackExchange.Redis;

namespace Dispatch.Web.Realtime;

/// <summary>
/// Carries notices between app nodes. Each node publishes the notices of its own commits and
/// delivers those of the others to its own pages and hub connections. Without Redis there is
/// one node and nothing to carry.
/// </summary>
public interface INoticeFanOut
{
    /// <summary>Starts listening; <paramref name="deliver"/> gets other nodes' notices, <paramref name="resync"/> runs after an outage.</summary>
    Task StartAsync(Func<DispatchNotice, Task> deliver, Func<Task> resync, CancellationToken cancellationToken);

    Task PublishAsync(DispatchNotice notice, CancellationToken cancellationToken);

    Task StopAsync();
}

public sealed class SingleNodeFanOut : INoticeFanOut
{
    public Task StartAsync(Func<DispatchNotice, Task> deliver, Func<Task> resync, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PublishAsync(DispatchNotice notice, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync() => Task.CompletedTask;
}

/// <summary>
/// Fan-out to the Blazor pages of the other nodes, over Redis pub/sub on the channel
/// <c>{prefix}notices</c>; each message is <c>{"origin": node id, "notice": DispatchNotice}</c>
/// as JSON, handled in order. A node skips its own messages. Hub clients are not served here:
/// the SignalR Redis backplane carries hub sends to every node. Pub/sub keeps nothing, so when
/// the subscription comes back after an outage every page and hub client is told to refetch
/// (<see cref="NoticeKind.Resync"/>): the database has everything that happened meanwhile.
/// </summary>
public sealed class RedisNoticeFanOut(IConnectionMultiplexer redis, RedisSettings settings, ILogger<RedisNoticeFanOut> logger) : INoticeFanOut, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _node = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly RedisChannel _channel = RedisChannel.Literal(settings.Key("notices"));
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private ChannelMessageQueue? _queue;
    private bool _failedOnce;
    private Func<DispatchNotice, Task>? _deliver;
    private Func<Task>? _resync;
    private volatile Echo? _echo;

    public string NodeId => _node;

    public async Task StartAsync(Func<DispatchNotice, Task> deliver, Func<Task> resync, CancellationToken cancellationToken)
    {
        _deliver = deliver;
        _resync = resync;
        redis.ConnectionRestored += OnRestored;
        if (!await TrySubscribeAsync())
        {
            logger.LogWarning("Redis is down at start-up; notices from other nodes arrive once it is back");
        }
    }

    /// <summary>
    /// Subscribes once and attaches the handler. A node that started while Redis was down has no
    /// subscription yet: it subscribes when Redis comes back (a failed attempt may have left a
    /// queue without a reader behind, so that is dropped first).
    /// </summary>
    private async Task<bool> TrySubscribeAsync()
    {
        if (_queue is not null)
        {
            return true;
        }

        await _subscribing.WaitAsync();
        try
        {
            if (_queue is not null)
            {
                return true;
            }

            var subscriber = redis.GetSubscriber();
            if (_failedOnce)
            {
                await subscriber.UnsubscribeAsync(_channel);
            }

            var queue = await subscriber.SubscribeAsync(_channel);
            queue.OnMessage(HandleAsync);
            _queue = queue;
            return true;
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            _failedOnce = true;
            logger.LogDebug("Subscribing to the notice channel failed: {Error}", ex.Message);
            return false;
        }
        finally
        {
            _subscribing.Release();
        }
    }

    private async Task HandleAsync(ChannelMessage message)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(message.Message.ToString(), Json);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Ignored a malformed notice on Redis ({Bytes} bytes): {Error}", message.Message.Length(), ex.Message);
            return;
        }

        if (envelope?.Ping is { } ping && envelope.Origin == _node)
        {
            if (_echo is { } echo && echo.Id == ping)
            {
                echo.Heard.TrySetResult();
            }

            return;
        }

        if (envelope?.Notice is { DepartmentIds: not null, Text: not null } notice && envelope.Origin != _node && _deliver is { } deliver)
        {
            await deliver(notice);
        }
    }

    public void Dispose()
    {
        redis.ConnectionRestored -= OnRestored;
        _subscribing.Dispose();
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription && _resync is { } resync)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    // Restored is raised a moment before the connection takes commands again, and a
                    // single failed attempt here once left a node deaf to the others until its restart.
                    for (var attempt = 1; !await TrySubscribeAsync(); attempt++)
                    {
                        if (attempt == 40)
                        {
                            logger.LogWarning("Subscribing to the notice channel failed 40 times after Redis came back; waiting for the next reconnection");
                            return;
                        }

                        await Task.Delay(TimeSpan.FromMilliseconds(250));
                    }

                    await HearOwnEchoAsync();
                    await resync();
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "Telling pages to refetch after the Redis outage failed");
                }
            });
        }
    }

    /// <summary>
    /// Waits until this node hears its own ping on the notice channel. Redis reports the
    /// connection restored a moment before it has re-subscribed this node's channels (the
    /// notices and the hub backplane's, on the same connection); a resync published meanwhile
    /// would reach nobody (seen on a loaded test machine). After 20 s it resyncs regardless.
    /// </summary>
    private async Task HearOwnEchoAsync()
    {
        for (var attempt = 1; attempt <= 40; attempt++)
        {
            var echo = new Echo(Guid.NewGuid().ToString("N"), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _echo = echo;
            try
            {
                await redis.GetSubscriber().PublishAsync(_channel, JsonSerializer.Serialize(new Envelope(_node, null, echo.Id), Json));
                await echo.Heard.Task.WaitAsync(TimeSpan.FromMilliseconds(500));
                return;
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException or TimeoutException)
            {
                logger.LogDebug("Waiting for the notice subscription to come back (attempt {Attempt}): {Error}", attempt, ex.Message);
            }
        }

        logger.LogWarning("The notice subscription did not echo within 20 s after Redis came back; resyncing anyway");
    }

    public async Task PublishAsync(DispatchNotice notice, CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(_channel, JsonSerializer.Serialize(new Envelope(_node, notice), Json));
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            // The other nodes resync when their subscriptions come back; this node already delivered it.
            logger.LogDebug("Notice not fanned out: {Error}", ex.Message);
        }
    }

    public async Task StopAsync()
    {
        redis.ConnectionRestored -= OnRestored;
        if (Interlocked.Exchange(ref _queue, null) is { } queue)
        {
            try
            {
                await queue.UnsubscribeAsync();
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
            {
                logger.LogDebug("Unsubscribing from notices failed: {Error}", ex.Message);
            }
        }
    }

    /// <summary>A notice from a node, or a node's ping to itself (<see cref="HearOwnEchoAsync"/>).</summary>
    private sealed record Envelope(string Origin, DispatchNotice? Notice, string? Ping = null);

    private sealed record Echo(string Id, TaskCompletionSource Heard);
}
