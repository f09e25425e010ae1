using System.Globalization;

namespace Dispatch.Infrastructure.Redis;

/// <summary>
/// <c>Redis:Configuration</c>, in the familiar form
/// <c>host:port,password=…,user=…,database=0,connectTimeout=5000,syncTimeout=5000</c>.
/// Empty means "no Redis": presence and notices stay in memory on one node.
/// </summary>
public sealed record RedisOptions
{
    public const string SectionName = "Redis";

    public required string Host { get; init; }

    public int Port { get; init; } = 6379;

    public string? User { get; init; }

    public string? Password { get; init; }

    public int Database { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between reconnection attempts while Redis is down.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Prepended to every key and channel, so several apps can share one Redis.</summary>
    public string KeyPrefix { get; init; } = "dispatch:";

    public string Endpoint => $"{Host}:{Port}";

    /// <summary>Parses the configuration string; the message says exactly which part is wrong.</summary>
    public static RedisOptions Parse(string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var parts = configuration.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var endpoint = parts[0];
        if (endpoint.Contains('=', StringComparison.Ordinal))
        {
            throw new FormatException($"Redis:Configuration must start with host:port, not '{endpoint}'.");
        }

        var colon = endpoint.LastIndexOf(':');
        var host = colon < 0 ? endpoint : endpoint[..colon];
        var port = 6379;
        if (colon >= 0 && (!int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new FormatException($"Redis:Configuration has an invalid port in '{endpoint}'.");
        }

        var options = new RedisOptions { Host = host, Port = port };
        foreach (var part in parts.Skip(1))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"Redis:Configuration option '{part}' is not of the form name=value.");
            }

            var name = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            options = name.ToUpperInvariant() switch
            {
                "PASSWORD" => options with { Password = value },
                "USER" => options with { User = value },
                "DATABASE" or "DEFAULTDATABASE" => options with { Database = Number(name, value, 0, 10_000) },
                "CONNECTTIMEOUT" => options with { ConnectTimeout = TimeSpan.FromMilliseconds(Number(name, value, 1, 600_000)) },
                "SYNCTIMEOUT" or "COMMANDTIMEOUT" => options with { CommandTimeout = TimeSpan.FromMilliseconds(Number(name, value, 1, 600_000)) },
                "MAXBACKOFF" => options with { MaxBackoff = TimeSpan.FromMilliseconds(Number(name, value, 10, 600_000)) },
                "PREFIX" or "KEYPREFIX" => options with { KeyPrefix = value },
                _ => throw new FormatException($"Redis:Configuration has an unknown option '{name}' (known: password, user, database, connectTimeout, syncTimeout, maxBackoff, prefix)."),
            };
        }

        return options;
    }

    private static int Number(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new FormatException($"Redis:Configuration option {name}={value} must be a whole number from {min} to {max}.");

    public override string ToString() => $"{Endpoint}/{Database}";
}
