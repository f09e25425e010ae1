using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Dispatch.Infrastructure.ScaleOut;

/// <summary>
/// Pings Redis. Down is "degraded", not "unhealthy": whistles, acknowledgements and escalations
/// live in the database and go on; only presence (shown as unknown) and cross-node notices wait.
/// </summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var endpoints = string.Join(", ", redis.GetEndPoints().Select(e => e.ToString()));
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"Redis {endpoints} answered in {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded($"Redis {endpoints}: {ex.Message}; presence shows unknown until it is back");
        }
    }
}
