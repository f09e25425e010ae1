using StackExchange.Redis;

namespace Dispatch.Infrastructure.ScaleOut;

/// <summary>
/// The <c>Redis</c> section. <c>Configuration</c> is StackExchange.Redis's own configuration
/// string (<c>host:port,password=…,user=…,ssl=true,serviceName=…,connectTimeout=…</c>); empty
/// means "no Redis": presence and notices stay in memory on one node. <c>Prefix</c> goes before
/// every key and channel (the hub backplane's too), so several apps can share one Redis.
/// </summary>
public sealed class RedisSettings
{
    public const string SectionName = "Redis";

    public string? Configuration { get; set; }

    public string Prefix { get; set; } = "dispatch:";

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);

    /// <summary>
    /// The client options: the operator's string, plus what an always-on app needs whatever it
    /// says: start while Redis is down, fail a command at once while disconnected (presence
    /// then reads "unknown" instead of waiting), and retry the connection at most 5 s apart.
    /// </summary>
    public ConfigurationOptions ToOptions()
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(Configuration ?? string.Empty);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException(
                $"Redis:Configuration is not a valid StackExchange.Redis configuration string: {ex.Message} " +
                "Example: redis1:6379,password=…,ssl=true,connectTimeout=5000.", ex);
        }

        if (options.EndPoints.Count == 0)
        {
            throw new InvalidOperationException("Redis:Configuration names no server; it must start with host:port.");
        }

        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy ??= new ExponentialRetry(500, 5000);
        options.ClientName ??= "dispatch";
        return options;
    }

    public string Key(string name) => Prefix + name;
}
