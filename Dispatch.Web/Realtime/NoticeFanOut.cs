using System.Text.Json;
using Dispatch.Infrastructure.Redis;

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
/// Fan-out over Redis pub/sub on the channel <c>{prefix}notices</c>; each message is
/// <c>{"origin": node id, "notice": DispatchNotice}</c> as JSON. A node skips its own messages.
/// Pub/sub keeps nothing, so when the subscription is re-established after an outage every
/// page and hub client is told to refetch (<see cref="NoticeKind.Resync"/>): the database has
/// everything that happened meanwhile.
/// </summary>
public sealed class RedisNoticeFanOut(RedisClient redis, ILogger<RedisNoticeFanOut> logger) : INoticeFanOut
{
    public const string Channel = "notices";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _node = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private RedisSubscription? _subscription;

    public string NodeId => _node;

    public async Task StartAsync(Func<DispatchNotice, Task> deliver, Func<Task> resync, CancellationToken cancellationToken)
    {
        _subscription = redis.Subscribe([Channel], async (_, payload) =>
        {
            Envelope? envelope;
            try
            {
                envelope = JsonSerializer.Deserialize<Envelope>(payload, Json);
            }
            catch (JsonException ex)
            {
                logger.LogWarning("Ignored a malformed notice on Redis ({Bytes} bytes): {Error}", payload.Length, ex.Message);
                return;
            }

            if (envelope?.Notice is { DepartmentIds: not null, Text: not null } notice && envelope.Origin != _node)
            {
                await deliver(notice);
            }
        }, resync);

        // Do not hold up start-up while Redis is down; the subscription keeps trying by itself.
        await Task.WhenAny(_subscription.Ready, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
    }

    public async Task PublishAsync(DispatchNotice notice, CancellationToken cancellationToken)
    {
        try
        {
            await redis.PublishAsync(Channel, JsonSerializer.Serialize(new Envelope(_node, notice), Json), cancellationToken);
        }
        catch (RedisConnectionException ex)
        {
            // The other nodes resync when their subscriptions come back; this node already delivered it.
            logger.LogDebug("Notice not fanned out: {Error}", ex.Message);
        }
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _subscription, null) is { } subscription)
        {
            await subscription.DisposeAsync();
        }
    }

    private sealed record Envelope(string Origin, DispatchNotice Notice);
}
