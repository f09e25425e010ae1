using System.ComponentModel.DataAnnotations;
using Dispatch.Web.Api;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Hosting;

/// <summary>The <c>Api</c> section: the systems allowed to file cases.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    public List<ApiClient> Clients { get; set; } = [];

    /// <summary>Each client named, with a SHA-256 key hash (64 hex digits), a center and a known channel.</summary>
    public static IEnumerable<string> Problems(ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var client = options.Clients[i];
            if (string.IsNullOrWhiteSpace(client.Name))
            {
                yield return $"Api:Clients:{i}:Name is required (it is shown on the cases the client files).";
            }

            if (client.KeyHash.Length != 64 || !client.KeyHash.All(char.IsAsciiHexDigit))
            {
                yield return $"Api:Clients:{i}:KeyHash must be the SHA-256 of the key as 64 hex digits.";
            }

            if (string.IsNullOrWhiteSpace(client.Center))
            {
                yield return $"Api:Clients:{i}:Center is required (the code of the center that takes its cases).";
            }

            if (!Enum.IsDefined(client.Channel))
            {
                yield return $"Api:Clients:{i}:Channel is not a known channel.";
            }
        }
    }
}

/// <summary>The <c>Wall</c> section: where the wall files are (default: wall-config/ above the app).</summary>
public sealed class WallOptions
{
    public const string SectionName = "Wall";

    public string? ConfigPath { get; set; }
}

/// <summary>The <c>Track</c> section: the public tracking page's limit per address.</summary>
public sealed class TrackOptions
{
    public const string SectionName = "Track";

    [Range(1, 1000)]
    public int PermitsPerMinute { get; set; } = 10;
}

/// <summary>The <c>Hosting</c> section: HTTPS redirection and HSTS when the app itself ends TLS.</summary>
public sealed class HostingOptions
{
    public const string SectionName = "Hosting";

    public bool Https { get; set; }
}

/// <summary>
/// Every configuration section the web project reads — Api, Wall, Track, Hosting — bound and
/// validated at start-up here and nowhere else; the registration takes its choices from this
/// snapshot of the same binding. (The start-up refusal of demo secrets reads the raw settings on
/// purpose: it names each one by its configuration key.)
/// </summary>
public sealed record WebSettings(ApiOptions Api, WallOptions Wall, TrackOptions Track, HostingOptions Hosting)
{
    public static WebSettings Bind(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddOptions<WallOptions>().Bind(configuration.GetSection(WallOptions.SectionName));
        services.AddOptions<TrackOptions>().Bind(configuration.GetSection(TrackOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HostingOptions>().Bind(configuration.GetSection(HostingOptions.SectionName));
        var settings = new WebSettings(
            configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions(),
            configuration.GetSection(WallOptions.SectionName).Get<WallOptions>() ?? new WallOptions(),
            configuration.GetSection(TrackOptions.SectionName).Get<TrackOptions>() ?? new TrackOptions(),
            configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>() ?? new HostingOptions());
        services.AddSingleton(settings);
        return settings;
    }

    /// <summary>Names every mistake in the API clients, so the refusal to start says what to fix.</summary>
    private sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
    {
        public ValidateOptionsResult Validate(string? name, ApiOptions options)
        {
            var problems = ApiOptions.Problems(options).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
