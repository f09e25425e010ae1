using Dispatch.Infrastructure.ScaleOut;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Infrastructure.Presence;

public static class PresenceRegistration
{
    /// <summary>
    /// Presence in memory (one node), or in Redis when <c>Redis:Configuration</c> is set; then the
    /// node's one Redis connection is registered too, for the notice fan-out and the hub backplane.
    /// </summary>
    public static void AddPresence(this IServiceCollection services, RedisSettings redis)
    {
        if (services.AddRedisScaleOut(redis).Enabled)
        {
            services.AddSingleton<IPresenceStore, RedisPresenceStore>();
        }
        else
        {
            services.AddSingleton<IPresenceStore, InMemoryPresenceStore>();
        }

        services.AddSingleton<PresenceTracker>();
        services.AddHostedService(sp => sp.GetRequiredService<PresenceTracker>());
        services.AddSingleton<PresenceBoard>();
        services.AddSingleton<DutyCommands>();
    }
}
