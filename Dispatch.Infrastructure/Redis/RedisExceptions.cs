namespace Dispatch.Infrastructure.Redis;

/// <summary>Redis cannot be reached, or the connection broke; the command may not have run.</summary>
public class RedisConnectionException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The server's reply broke the protocol (or our limits); the connection is dropped.</summary>
public sealed class RedisProtocolException(string message) : RedisConnectionException(message);

/// <summary>The server ran the command and answered with an error (e.g. WRONGTYPE); the connection is fine.</summary>
public sealed class RedisServerException(string command, string error)
    : Exception($"Redis rejected {command}: {error}")
{
    public string ServerError { get; } = error;
}
