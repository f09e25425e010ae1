using System.Net;
using System.Text.Json;
using Dispatch.Tests.Shared;
using Dispatch.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dispatch.Web.Tests.Security;

[Collection(WebAppCollection.Name)]
public class SecurityHeaderTests(DispatchWebFactory factory)
{
    [Theory]
    [InlineData("/account/login")]
    [InlineData("/api/v1/catalog")]
    [InlineData("/open311/v2/services.json")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldContain("script-src 'self';");
        policy.ShouldContain("frame-ancestors 'self'");
        policy.ShouldContain("object-src 'none'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("same-origin");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("SAMEORIGIN");
    }
}

/// <summary>
/// The app as it runs in production: no developer exception page, errors with a reference number
/// that the log line carries too, and a refusal to start on the demo's secrets.
/// </summary>
public sealed class ProductionHostingTests : IDisposable
{
    private readonly LogCapture _log = new();
    private readonly DispatchWebFactory _app;

    public ProductionHostingTests()
    {
        _app = DispatchWebFactory.WithSettings(
            new Dictionary<string, string?>
            {
                ["Database:SeedDemoData"] = "false",
                ["Api:Clients:0:KeyHash"] = Dispatch.Web.Api.ApiClients.HashKey("production-key-1"),
                ["Api:Clients:1:KeyHash"] = Dispatch.Web.Api.ApiClients.HashKey("production-key-2"),
            },
            services =>
            {
                services.AddSingleton<ILoggerProvider>(_log);
                services.AddTransient<IStartupFilter, BrokenEndpoint>();
            },
            environment: "Production");
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_page_error_shows_the_chinese_error_page_with_a_reference_the_log_carries_and_no_stack_trace()
    {
        using var client = _app.CreateClient();

        using var response = await client.GetAsync(new Uri("/test/broken", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        html.ShouldContain("系统出现错误");
        html.ShouldNotContain("InvalidOperationException");
        html.ShouldNotContain("BrokenEndpoint");
        var reference = System.Text.RegularExpressions.Regex.Match(html, "E-[2-9A-HJ-NP-Z]{8}").Value;
        reference.ShouldNotBeEmpty();
        var lines = _log.Lines.Where(l => l.Level == LogLevel.Error && l.Category != typeof(Dispatch.Web.Walls.WallConfigCheck).FullName).ToList();
        lines.Count.ShouldBe(1, string.Join("\n", lines));
        lines[0].Message.ShouldContain(reference);
    }

    [Fact]
    public async Task An_api_error_answers_problem_details_with_the_reference()
    {
        using var client = _app.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/test/broken", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", string.Join("\n", _log.Lines));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var reference = problem.GetProperty("reference").GetString()!;
        problem.GetProperty("detail").GetString()!.ShouldContain(reference);
        problem.ToString().ShouldNotContain("InvalidOperationException");
        _log.Lines.Where(l => l.Level == LogLevel.Error && l.Category != typeof(Dispatch.Web.Walls.WallConfigCheck).FullName).ShouldHaveSingleItem().Message.ShouldContain(reference);
    }

    [Fact]
    public void Outside_development_the_demo_keys_and_demo_data_are_refused_with_the_setting_to_change()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();

        var problems = ProductionReadiness.ConfigurationProblems(configuration);

        problems.Count.ShouldBe(3);
        problems[0].ShouldStartWith("Api:Clients:0:KeyHash（12345热线）仍是演示密钥");
        problems[1].ShouldStartWith("Api:Clients:1:KeyHash（Open311）仍是演示密钥");
        problems[2].ShouldStartWith("Database:SeedDemoData 未设为 false");
    }

    [Fact]
    public async Task Outside_development_accounts_on_the_demo_password_are_named()
    {
        using var demo = DispatchWebFactory.WithSettings(new Dictionary<string, string?>());

        var named = await ProductionReadiness.AccountsOnDemoPasswordAsync(demo.Services, CancellationToken.None);

        named.ShouldContain("director");
        named.ShouldContain("wall");
        (await ProductionReadiness.AccountsOnDemoPasswordAsync(_app.Services, CancellationToken.None)).ShouldBeEmpty();
    }

    /// <summary>Two endpoints that fail the way a bug would: after routing, inside the app's pipeline.</summary>
    private sealed class BrokenEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate _) =>
                context.Request.Path.Value?.EndsWith("/test/broken", StringComparison.Ordinal) == true
                    ? throw new InvalidOperationException("A bug in BrokenEndpoint")
                    : Task.CompletedTask);
        };
    }
}

/// <summary>Keeps what the app logs, for tests that read it.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    public System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string Category, string Message)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Lines.Enqueue((logLevel, category, formatter(state, exception) + (exception is null ? string.Empty : " | " + exception.GetType().Name + ": " + exception.Message)));
    }
}
