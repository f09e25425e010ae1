using Microsoft.Playwright;

namespace Dispatch.EndToEnd.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download). Missing Chromium is a failure
/// with instructions, never a skip: ./test.sh installs it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium was not found at /usr/bin/chromium. Run ./test.sh, which installs the Debian package 'chromium'.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A new browser context signed in as <paramref name="user"/> on the app at <paramref name="baseUrl"/>, its page live.</summary>
    /// <param name="position">A fake position the page may read through the geolocation API (a grid worker's phone).</param>
    public async Task<IPage> SignInAsync(Uri baseUrl, string user, int width, int height, Geolocation? position = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var context = await NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            Geolocation = position,
            Permissions = position is null ? null : ["geolocation"],
            IsMobile = position is not null,
            HasTouch = position is not null,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#userName", user);
        await page.FillAsync("#password", "Dispatch@2026");
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("[data-ready=true]");

        // Wait for the circuit: the countdowns tick only once it is live.
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await page.WaitForTimeoutAsync(500);
        return page;
    }

    /// <summary>A wall opened as the wall device signs in, at its size, with its fonts and styles in force.</summary>
    public async Task<IPage> OpenWallAsync(Uri server, string name, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(server);
        var context = await NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/account/login?returnUrl=%2Fwall%2F{name}");
        await page.FillAsync("#userName", "wall");
        await page.FillAsync("#password", "Dispatch@2026");
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync($".wall-stage[data-wall='{name}'][data-ready=true]");
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");

        // Measure only once the window has the size asked for (a loaded machine may apply it late)
        // and the fonts in use have loaded (a fallback font's metrics differ).
        await page.WaitForFunctionAsync($"() => window.innerWidth === {width} && window.innerHeight === {height}");
        await page.EvaluateAsync("() => document.fonts.ready.then(() => true)");

        // The wall's own styles are in force (a fresh-clone run once measured an unstyled wall).
        await page.WaitForFunctionAsync("() => getComputedStyle(document.querySelector('.wall-stage')).position === 'absolute'");

        // The circuit subscribes after its first render; give it a moment before events are sent.
        await page.WaitForTimeoutAsync(1000);
        return page;
    }

    private readonly List<IBrowserContext> _contexts = [];

    /// <summary>
    /// A new browser context. Those still open for another app (an earlier test's, now stopped)
    /// are closed first: their pages poll for their server to come back and reload when it does,
    /// and a later test's app can get the same loopback port — it then received the old pages
    /// with the old app's cookies and logged their antiforgery tokens as undecryptable.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var stale in _contexts.Where(c => c.Pages.Count == 0 || !c.Pages[0].Url.StartsWith(options.BaseURL ?? string.Empty, StringComparison.Ordinal)).ToList())
        {
            _contexts.Remove(stale);
            await stale.CloseAsync();
        }

        var context = await Browser.NewContextAsync(options);
        _contexts.Add(context);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
