using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dispatch.Infrastructure.Redis;

/// <summary>
/// Pings Redis. Down is "degraded", not "unhealthy": whistles, acknowledgements and escalations
/// live in the database and go on; only presence (shown as unknown) and cross-node notices wait.
/// </summary>
public sealed class RedisHealthCheck(RedisClient redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = await redis.ExecuteAsync(new RedisCommand("PING"), cancellationToken);
            return HealthCheckResult.Healthy($"Redis {redis.Options} answered {reply}");
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisServerException)
        {
            return HealthCheckResult.Degraded($"Redis {redis.Options}: {ex.Message}; presence shows unknown until it is back");
        }
    }
}
