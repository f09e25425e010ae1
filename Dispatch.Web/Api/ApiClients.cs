using System.Security.Cryptography;
using System.Text;
using Dispatch.Domain.Cases;

namespace Dispatch.Web.Api;

/// <summary>A system allowed to file cases (the 12345 hotline, an Open311 app), from configuration.</summary>
public sealed class ApiClient
{
    /// <summary>Shown on the case timeline and used to scope what the client may read.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>SHA-256 (hex) of the key; the key itself is never stored.</summary>
    public string KeyHash { get; set; } = string.Empty;

    /// <summary>The center (code) that takes the client's cases.</summary>
    public string Center { get; set; } = "GZ";

    /// <summary>The channel its cases arrive by.</summary>
    public Channel Channel { get; set; } = Channel.Hotline12345;
}

/// <summary>Finds the client behind an API key, comparing hashes in constant time.</summary>
public sealed class ApiClients(Microsoft.Extensions.Options.IOptions<Hosting.ApiOptions> options)
{
    private readonly ApiClient[] _clients = [.. options.Value.Clients];

    public ApiClient? Find(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim()));
        ApiClient? found = null;
        foreach (var client in _clients)
        {
            if (client.KeyHash.Length == 64
                && CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(client.KeyHash)))
            {
                found = client;
            }
        }

        return found;
    }

    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
