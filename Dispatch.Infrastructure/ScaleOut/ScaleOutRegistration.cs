using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Dispatch.Infrastructure.ScaleOut;

public static class ScaleOutRegistration
{
    /// <summary>
    /// When <c>Redis:Configuration</c> is set: one <see cref="IConnectionMultiplexer"/> for the
    /// whole node (presence, the notice fan-out and the hub backplane share it) and its health
    /// check. Returns the settings, so callers can choose the in-memory defaults when it is off.
    /// </summary>
    public static RedisSettings AddRedisScaleOut(this IServiceCollection services, RedisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled)
        {
            return settings;
        }

        // Parsed now, so a mistake stops the start with a message naming the setting.
        var options = settings.ToOptions();
        services.AddSingleton(settings);
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var logger = sp.GetRequiredService<ILogger<RedisSettings>>();
            var multiplexer = ConnectionMultiplexer.Connect(options.Clone());
            multiplexer.ConnectionFailed += (_, e) => logger.LogWarning("Redis {Endpoint} ({Type}) lost: {Failure}", e.EndPoint, e.ConnectionType, e.FailureType);
            multiplexer.ConnectionRestored += (_, e) => logger.LogInformation("Redis {Endpoint} ({Type}) back", e.EndPoint, e.ConnectionType);
            if (!multiplexer.IsConnected)
            {
                logger.LogWarning("Redis {Endpoints} is not reachable at start-up; presence reads unknown until it is", string.Join(", ", options.EndPoints));
            }

            return multiplexer;
        });
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded);
        return settings;
    }
}
