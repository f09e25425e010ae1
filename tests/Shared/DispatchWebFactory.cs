using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dispatch.Tests.Shared;

/// <summary>
/// The real app on a private SQLite database in a temp folder, seeded with the demo county.
/// With <see cref="RealServer"/> it listens on a free loopback port (for Chromium and the JS client).
/// </summary>
public sealed class DispatchWebFactory : WebApplicationFactory<Program>
{
    private readonly string _root;
    private readonly bool _ownsRoot;

    public DispatchWebFactory()
        : this(realServer: false)
    {
    }

    private readonly Action<IServiceCollection>? _services;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private readonly string _environment;

    private DispatchWebFactory(bool realServer, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null, string? root = null, int port = 0, string environment = "Testing")
    {
        _environment = environment;
        _ownsRoot = root is null;
        _root = root ?? Path.Combine(Path.GetTempPath(), $"dispatch-web-{Guid.NewGuid():N}");
        _services = services;
        _settings = settings ?? new Dictionary<string, string?>();
        Directory.CreateDirectory(_root);
        RealServer = realServer;
        if (realServer)
        {
            UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        }
    }

    public bool RealServer { get; }

    /// <summary>The app on a real Kestrel listener, for browsers and the JS client.</summary>
    /// <param name="services">Replacements for the app's services (a benchmark's timing probe).</param>
    /// <param name="settings">Configuration that overrides the defaults (a shared database file, Redis, …).</param>
    public static DispatchWebFactory WithRealServer(Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(realServer: true, services, settings);

    /// <summary>
    /// A real server on a given port over a folder the caller owns (database, keys), so a test
    /// can stop it and start another in its place: the same app restarted under open browsers.
    /// </summary>
    public static DispatchWebFactory Restartable(string root, int port) => new(realServer: true, root: root, port: port);

    /// <summary>The app in memory (no listener) with extra configuration and services.</summary>
    /// <param name="environment">Production, to see the app as it runs there (error pages, start-up checks).</param>
    /// <param name="clock">Another clock than the shared one (an app started later, with deadlines passed).</param>
    public static DispatchWebFactory WithSettings(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null, string environment = "Testing", TimeProvider? clock = null) =>
        new(realServer: false, services, settings, environment: environment) { _clock = clock ?? Clock };

    private TimeProvider _clock = Clock;

    /// <summary>
    /// The instant every app under test starts from: a Tuesday at 10:00 in Beijing, a working
    /// morning, so no test depends on the time of day or the weekday it runs on.
    /// </summary>
    public static readonly DateTimeOffset DemoNow = new(2026, 11, 17, 10, 0, 0, TimeSpan.FromHours(8));

    /// <summary>
    /// The apps' clock: from <see cref="DemoNow"/> at real speed, one for the whole test run, so
    /// an app restarted over the same folder never sees time go backwards.
    /// </summary>
    public static TimeProvider Clock { get; } = new Dispatch.TestSupport.ShiftedClock(DemoNow);

    public string DatabaseFile => Path.Combine(_root, "dispatch.db");

    /// <summary>Every Error or Critical line the app logged, for tests that prove a run logged no false alarm.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> ErrorLines { get; } = new();

    /// <summary>Fails, quoting them, when the app logged errors; call it before disposing the app.</summary>
    public void ShouldHaveLoggedNoError()
    {
        if (!ErrorLines.IsEmpty)
        {
            throw new InvalidOperationException($"The app logged {ErrorLines.Count} error line(s), none of which should be one:\n{string.Join("\n", ErrorLines.Take(5))}");
        }
    }

    /// <summary>The base address of the real server, e.g. http://127.0.0.1:41234.</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First());
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        // Serve blazor.web.js and the packages' assets from the build output, as in Development.
        builder.UseStaticWebAssets();
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:ConnectionString", $"Data Source={DatabaseFile}");
        builder.UseSetting("Database:SeedDemoData", "true");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton(_clock));
        builder.ConfigureLogging(logging => logging.AddProvider(new ErrorCollector(ErrorLines)));
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
        }

        if (disposing && _ownsRoot)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a finishing request; the OS cleans temp folders.
            }
        }
    }
}

/// <summary>Collects the Error and Critical lines an app logs.</summary>
internal sealed class ErrorCollector(System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILoggerProvider
{
    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Collector(lines, categoryName);

    public void Dispose()
    {
    }

    private sealed class Collector(System.Collections.Concurrent.ConcurrentQueue<string> lines, string category) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Error;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception?.GetType().Name}: {exception?.Message}");
            }
        }
    }
}
