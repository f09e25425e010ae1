using System.Text;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Redis;

/// <summary>
/// A pub/sub listener on its own connection. It re-connects with backoff whenever the
/// connection breaks, re-subscribes, and tells its owner (messages sent meanwhile are lost;
/// Redis pub/sub keeps nothing). A watchdog PING notices a connection that died silently.
/// </summary>
public sealed class RedisSubscription : IAsyncDisposable
{
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(10);
    private readonly RedisOptions _options;
    private readonly string[] _channels;
    private readonly string _prefix;
    private readonly Func<string, byte[], Task> _onMessage;
    private readonly Func<Task>? _onResubscribed;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;
    private RedisConnection? _connection;
    private long _lastHeard = Environment.TickCount64;
    private int _disposed;

    internal RedisSubscription(RedisOptions options, string[] channels, string prefix, Func<string, byte[], Task> onMessage, Func<Task>? onResubscribed, ILogger logger)
    {
        _options = options;
        _channels = channels;
        _prefix = prefix;
        _onMessage = onMessage;
        _onResubscribed = onResubscribed;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once the first subscription is confirmed by the server.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Whether the listener is subscribed right now.</summary>
    public bool IsListening { get; private set; }

    /// <summary>How many times it had to re-subscribe after losing the connection.</summary>
    public int Resubscriptions { get; private set; }

    private async Task RunAsync()
    {
        var failures = 0;
        var subscribedBefore = false;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await RedisConnection.OpenAsync(_options, _stop.Token);
                _connection = connection;
                await connection.SendAsync([new RedisCommand("SUBSCRIBE", [.. _channels])], _stop.Token);
                _ = Task.Run(() => WatchAsync(connection));
                var confirmed = 0;
                while (true)
                {
                    var message = await connection.ReceiveAsync(_stop.Token);
                    Interlocked.Exchange(ref _lastHeard, Environment.TickCount64);
                    var parts = message.Kind == RespKind.Array ? message.AsArray() : [];
                    var kind = parts.Count > 0 ? parts[0].AsString() : null;
                    if (kind == "subscribe" && ++confirmed == _channels.Length)
                    {
                        IsListening = true;
                        failures = 0;
                        if (subscribedBefore)
                        {
                            Resubscriptions++;
                            _logger.LogInformation("Re-subscribed to Redis channels {Channels}", string.Join(", ", _channels));
                            await Notify();
                        }

                        subscribedBefore = true;
                        _ready.TrySetResult();
                    }
                    else if (kind == "message" && parts.Count == 3 && parts[2].Bytes is { } payload)
                    {
                        await Deliver(parts[1].AsString() ?? string.Empty, payload);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is RedisConnectionException or IOException or System.Net.Sockets.SocketException)
            {
                IsListening = false;
                failures++;
                if (failures == 1)
                {
                    _logger.LogWarning("Redis subscription to {Channels} lost: {Error}", string.Join(", ", _channels), ex.Message);
                }

                try
                {
                    await Task.Delay(RedisClient.Backoff(failures, _options.MaxBackoff), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        IsListening = false;
    }

    private async Task Deliver(string channel, byte[] payload)
    {
        try
        {
            await _onMessage(channel.StartsWith(_prefix, StringComparison.Ordinal) ? channel[_prefix.Length..] : channel, payload);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A Redis message handler failed on {Channel} ({Bytes} bytes: {Preview})", channel, payload.Length,
                Encoding.UTF8.GetString(payload, 0, Math.Min(payload.Length, 80)));
        }
    }

    private async Task Notify()
    {
        if (_onResubscribed is null)
        {
            return;
        }

        try
        {
            await _onResubscribed();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The re-subscription handler failed");
        }
    }

    /// <summary>Pings now and then; a connection that stays silent past the timeout is dropped, which makes the loop reconnect.</summary>
    private async Task WatchAsync(RedisConnection connection)
    {
        try
        {
            while (!connection.IsBroken && !_stop.IsCancellationRequested)
            {
                await Task.Delay(PingInterval, _stop.Token);
                await connection.SendAsync([new RedisCommand("PING")], _stop.Token);
                await Task.Delay(_options.CommandTimeout, _stop.Token);
                if (Environment.TickCount64 - Interlocked.Read(ref _lastHeard) > (PingInterval + _options.CommandTimeout).TotalMilliseconds)
                {
                    _logger.LogWarning("Redis did not answer a ping on the subscription connection; reconnecting");
                    await connection.DisposeAsync();
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or RedisConnectionException)
        {
            // The read loop sees the broken connection and reconnects.
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A host may stop a service and then dispose it: the second call has nothing to do.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }

        await _loop;
        _stop.Dispose();
    }
}
