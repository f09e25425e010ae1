using Dispatch.Infrastructure.Queries;
using Dispatch.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dispatch.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ConsoleTests(BrowserFixture browser) : IDisposable
{
    private readonly DispatchWebFactory _app = DispatchWebFactory.WithRealServer();

    [Fact]
    public async Task AnAdministrator_OpensTheJobsDashboard_FromTheMenu_InChinese()
    {
        var page = await browser.SignInAsync(_app.ServerAddress, "admin", 1440, 900);

        // Hangfire's page is not a Blazor route: the menu link must load it whole.
        await page.ClickAsync("text=定时任务");
        await page.WaitForURLAsync("**/admin/jobs");
        await page.ClickAsync("a[href$='/admin/jobs/recurring']");
        await page.WaitForURLAsync("**/admin/jobs/recurring");

        var text = await page.InnerTextAsync("body");
        text.ShouldContain("Dispatch 定时任务");
        text.ShouldContain("escalation-audit");
        text.ShouldContain("daily-bulletin");
        text.ShouldContain("周期性作业", customMessage: "Hangfire's own Chinese");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "jobs-dashboard.png"), FullPage = true });
    }

    [Fact]
    public async Task Director_SignsIn_AndSeesTheConsoleWithLiveData()
    {
        var baseUrl = _app.ServerAddress;
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/console");
        await page.WaitForURLAsync("**/account/login**");
        await page.FillAsync("#userName", "director");
        await page.FillAsync("#password", "Dispatch@2026");
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync("**/console");
        await page.WaitForSelectorAsync("[data-ready=true]");

        (await page.TextContentAsync("h1")).ShouldBe("指挥台");
        var overview = await _app.Services.GetRequiredService<DispatchQueries>().ConsoleAsync(CancellationToken.None);
        (await page.Locator("table.whistles tbody tr").CountAsync()).ShouldBe(overview.RunningWhistles.Count);
        // Most urgent first, as the console orders them.
        (await page.Locator("table.whistles td.code").First.TextContentAsync())!.Trim()
            .ShouldBe(WhistleRow.ByUrgency(overview.RunningWhistles, DispatchWebFactory.Clock.GetUtcNow()).First().CaseCode);
        (await page.TextContentAsync("#open-case-count")).ShouldBe(overview.OpenCaseCount.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The countdowns tick in the browser only if the interactive circuit is up.
        var countdown = page.Locator(".summons-countdown").First;
        var before = await countdown.TextContentAsync();
        await page.WaitForFunctionAsync(
            "text => document.querySelector('.summons-countdown').textContent !== text", before, new PageWaitForFunctionOptions { Timeout = 5000 });

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "console.png"), FullPage = true });
    }

    [Fact]
    public async Task CaseList_LoadsPagesFromTheServer_AndOpensACase()
    {
        var baseUrl = _app.ServerAddress;
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login?returnUrl=%2Fcases");
        await page.FillAsync("#userName", "dispatcher");
        await page.FillAsync("#password", "Dispatch@2026");
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("[data-ready=true]");

        var rows = page.Locator(".case-grid tbody tr.case-row");
        (await rows.CountAsync()).ShouldBe(20);
        var firstCode = (await rows.First.Locator(".code").TextContentAsync())!.Trim();
        await page.FillAsync("#case-search", firstCode);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.case-grid tbody tr.case-row').length === 1");
        await rows.First.Locator("a.code").ClickAsync();
        await page.WaitForURLAsync("**/cases/*");
        await page.WaitForSelectorAsync(".timeline li");
        (await page.TextContentAsync("h1")).ShouldBe(firstCode);
    }

    /// <summary>A run that went as it should has logged no error: every Error line must be a real fault.</summary>
    public void Dispose()
    {
        using (_app)
        {
            _app.ShouldHaveLoggedNoError();
        }
    }
}
