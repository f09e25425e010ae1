using Dispatch.Tests.Shared;
using Microsoft.Playwright;

namespace Dispatch.EndToEnd.Tests;

/// <summary>
/// The console and the terminal on a 390 px phone: nothing runs off the right edge (tables turn
/// their rows into cards), and on the terminal the alarms come before the duty controls.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneTests(BrowserFixture browser) : IDisposable
{
    private const int Width = 390;

    private readonly DispatchWebFactory _app = DispatchWebFactory.WithRealServer();

    /// <summary>Visible elements whose right edge passes the window, unless an ancestor scrolls or clips them.</summary>
    private const string CutOff = """
        () => {
          const problems = [];
          const clips = e => { for (let a = e.parentElement; a; a = a.parentElement) { const o = getComputedStyle(a).overflowX; if (o !== 'visible') return a !== document.body && a !== document.documentElement; } return false; };
          for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect();
            if (r.width === 0 || r.height === 0 || r.right <= window.innerWidth + 1 || clips(e)) continue;
            problems.push(`<${e.tagName.toLowerCase()} class="${e.getAttribute('class') ?? ''}"> "${(e.textContent ?? '').trim().slice(0, 20)}" ends at ${Math.round(r.right)} px`);
          }
          if (document.documentElement.scrollWidth > window.innerWidth) problems.push(`the page is ${document.documentElement.scrollWidth} px wide`);
          return problems.slice(0, 20);
        }
        """;

    [Fact]
    public async Task TheConsole_FitsAPhone_WithTheWhistlePanelOpen()
    {
        var director = await browser.SignInAsync(_app.ServerAddress, "director", Width, 844);
        await director.WaitForSelectorAsync(".page[data-ready=true]");
        (await director.Locator("table.whistles tbody tr[data-whistle]").CountAsync()).ShouldBeGreaterThan(0);

        (await director.EvaluateAsync<string[]>(CutOff)).ShouldBeEmpty();

        // Each running whistle is a card: every cell names its column.
        var first = director.Locator("table.whistles tbody tr[data-whistle]").First;
        (await first.Locator("td[data-label='报到情况']").IsVisibleAsync()).ShouldBeTrue();
        (await director.Locator("table.whistles thead").IsVisibleAsync()).ShouldBeFalse();

        await first.Locator(".command-button").ClickAsync();
        await director.Locator(".whistle-detail .summons-line").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 5000 });
        (await director.EvaluateAsync<string[]>(CutOff)).ShouldBeEmpty();
        await director.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "console-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task TheTerminal_FitsAPhone_AlarmsBeforeTheDutyControls()
    {
        await DemoActions.BlowAsync(_app.Services, "住建局", "手机版面测试");
        var terminal = await browser.SignInAsync(_app.ServerAddress, "zjj01", Width, 844);
        await terminal.Locator("#alarm-stack .summons-card[data-summons]:has-text('手机版面测试')").WaitForAsync(new LocatorWaitForOptions { Timeout = 5000 });

        (await terminal.EvaluateAsync<string[]>(CutOff)).ShouldBeEmpty();
        var stack = await terminal.Locator("#alarm-stack").BoundingBoxAsync();
        var duty = await terminal.Locator("#duty-bar").BoundingBoxAsync();
        stack!.Y.ShouldBeLessThan(duty!.Y);
        await terminal.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "terminal-phone.png"), FullPage = true });
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
