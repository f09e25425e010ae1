using Dispatch.Infrastructure.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dispatch.Infrastructure.Presence;

public static class PresenceRegistration
{
    /// <summary>
    /// Presence in memory (one node), or in Redis when <c>Redis:Configuration</c> is set; then the
    /// <see cref="RedisClient"/> is registered too, for the cross-node notice fan-out.
    /// </summary>
    public static void AddPresence(this IServiceCollection services, IConfiguration configuration)
    {
        var redis = configuration[$"{RedisOptions.SectionName}:Configuration"];
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IPresenceStore, InMemoryPresenceStore>();
        }
        else
        {
            var options = RedisOptions.Parse(redis);
            services.AddSingleton(options);
            services.AddSingleton(sp => new RedisClient(options, sp.GetRequiredService<ILogger<RedisClient>>()));
            services.AddSingleton<IPresenceStore, RedisPresenceStore>();
            services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded);
        }

        services.AddSingleton<PresenceTracker>();
        services.AddHostedService(sp => sp.GetRequiredService<PresenceTracker>());
        services.AddSingleton<PresenceBoard>();
        services.AddSingleton<DutyCommands>();
    }
}
