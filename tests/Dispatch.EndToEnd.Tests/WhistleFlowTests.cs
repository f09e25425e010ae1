using Dispatch.Tests.Shared;
using Microsoft.Playwright;

namespace Dispatch.EndToEnd.Tests;

/// <summary>
/// 中心吹哨、部门报到, live in three browsers: the director, 住建局's terminal and 人社局's terminal.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WhistleFlowTests(BrowserFixture browser) : IDisposable
{
    private readonly DispatchWebFactory _app = DispatchWebFactory.WithRealServer();

    [Fact]
    public async Task DirectorBlows_HousingSeesItLiveAndAcknowledges_DirectorSeesIt_LabourNever()
    {
        var director = await SignInAsync("director", 1440, 900);
        var housing = await SignInAsync("zjj01", 1366, 768);
        var labour = await SignInAsync("rsj01", 390, 844);
        var labourNotices = new List<string>();
        await labour.ExposeFunctionAsync("recordCode", (string code) => labourNotices.Add(code));

        // A case with no running whistle; the demo has open cases aplenty.
        var row = director.Locator("table.open-cases tbody tr:has(.whistle-button)").First;
        var code = (await row.GetAttributeAsync("data-case"))!;
        await labour.EvaluateAsync($$"""
            () => new MutationObserver(() => {
                if (document.body.innerText.includes('{{code}}')) { window.recordCode('{{code}}'); }
            }).observe(document.body, { childList: true, subtree: true, characterData: true })
            """);
        var housingCardsBefore = await housing.Locator($".summons-card[data-summons]:has-text('{code}')").CountAsync();

        await row.Locator(".whistle-button").ClickAsync();
        await director.WaitForSelectorAsync(".blow-dialog[data-ready=true]");
        await director.ClickAsync(".department-pick[data-department='住建局']");
        await director.FillAsync(".blow-message", "请住建局立即到场");
        await director.ClickAsync("#blow-submit");

        // 住建局's terminal: live, without a reload, a flashing card at the top of the alarm stack
        // with the director's message, and exactly one 报到 button for it.
        var card = housing.Locator($"#alarm-stack .summons-card.pending[data-summons]:has-text('{code}')");
        await card.WaitForAsync(new LocatorWaitForOptions { Timeout = 5000 });
        housingCardsBefore.ShouldBe(0);
        (await housing.Locator($".summons-card[data-summons]:has-text('{code}')").CountAsync()).ShouldBe(1);
        (await card.Locator(".brief-message").TextContentAsync())!.ShouldContain("请住建局立即到场");
        // One 报到 button per summons waiting for it (new, overdue or escalated alike), none elsewhere.
        (await card.Locator("button:text-is('报到')").CountAsync()).ShouldBe(1);
        (await housing.Locator("button:text-is('报到')").CountAsync()).ShouldBe(await housing.Locator(".summons-card[data-state=Pending]").CountAsync());
        var stackTop = await housing.Locator("#alarm-stack").BoundingBoxAsync();
        var dutyTop = await housing.Locator("#duty-bar").BoundingBoxAsync();
        stackTop!.Y.ShouldBeLessThan(dutyTop!.Y);

        // The director urges (催办) from the whistle's panel, opened on the new whistle; the terminal hears it live.
        await director.Locator(".summons-line[data-department='住建局'] .urge-button").ClickAsync();
        await housing.Locator(".messages .message:has-text('催办')").WaitForAsync(new LocatorWaitForOptions { Timeout = 5000 });
        await card.Locator("button:text-is('报到')").ClickAsync();
        await card.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 5000 });
        await housing.Locator($".summons-card[data-summons]:has-text('{code}') .summons-state:text('已报到')").WaitForAsync(new LocatorWaitForOptions { Timeout = 5000 });

        // The director's console shows the acknowledgement live.
        await director.Locator($"tr[data-whistle]:has-text('{code}') .summons-chip:has-text('住建局') .summons-state:text('已报到')")
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 5000 });

        // 人社局 never saw any of it.
        (await labour.Locator($"text={code}").CountAsync()).ShouldBe(0);
        labourNotices.ShouldBeEmpty();
        (await labour.Locator($".summons-card:has-text('{code}')").CountAsync()).ShouldBe(0);

        await housing.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "terminal.png") });
    }

    [Fact]
    public async Task TwoTerminalsOfOneDepartment_SeeEachOthersAcknowledgementLive()
    {
        var director = await SignInAsync("director", 1440, 900);
        var housing = await SignInAsync("zjj01", 1366, 768);
        var second = await SignInAsync("zjj02", 1366, 768);
        var row = director.Locator("table.open-cases tbody tr:has(.whistle-button)").First;
        var code = (await row.GetAttributeAsync("data-case"))!;
        await row.Locator(".whistle-button").ClickAsync();
        await director.WaitForSelectorAsync(".blow-dialog[data-ready=true]");
        await director.ClickAsync(".department-pick[data-department='住建局']");
        await director.ClickAsync("#blow-submit");
        var card = housing.Locator($".summons-card[data-summons]:has-text('{code}')");
        var stale = second.Locator($".summons-card[data-summons]:has-text('{code}')");
        await card.WaitForAsync(new LocatorWaitForOptions { Timeout = 5000 });
        await stale.WaitForAsync(new LocatorWaitForOptions { Timeout = 5000 });

        await card.Locator("button:text-is('报到')").ClickAsync();
        await card.Locator(".summons-state:text('已报到')").WaitForAsync(new LocatorWaitForOptions { Timeout = 5000 });

        // The second terminal of the department sees it live: its 报到 button is gone, and who acknowledged is shown.
        await stale.Locator(".summons-state:text('已报到')").WaitForAsync(new LocatorWaitForOptions { Timeout = 5000 });
        (await stale.Locator("button:text-is('报到')").CountAsync()).ShouldBe(0);
        (await stale.TextContentAsync())!.ShouldContain("报到人：");
    }

    [Fact]
    public async Task GoingOffAndOnDuty_ShowsLiveOnTheConsole_AndTheWhistleDialogWarnsWhenNobodyIsPresent()
    {
        var director = await SignInAsync("director", 1440, 900);
        var housing = await SignInAsync("zjj01", 1366, 768);
        var row = director.Locator("#duty-panel tr[data-duty-department='住建局']");

        // zjj01 is on duty in the demo; the open terminal makes them present (the console re-reads every 10 s).
        await row.Locator(".presence.ok").WaitForAsync(new LocatorWaitForOptions { Timeout = 15000 });
        (await housing.Locator("#duty-bar").GetAttributeAsync("data-on-duty")).ShouldBe("true");

        await housing.ClickAsync("#duty-toggle");
        await housing.Locator("#duty-bar[data-on-duty=false]").WaitForAsync(new LocatorWaitForOptions { Timeout = 5000 });
        await row.Locator(".presence.none").WaitForAsync(new LocatorWaitForOptions { Timeout = 5000 });

        await director.Locator("table.open-cases tbody tr .whistle-button").First.ClickAsync();
        await director.WaitForSelectorAsync(".blow-dialog[data-ready=true]");
        (await director.Locator(".department-pick[data-department='住建局'] .pick-presence").InnerTextAsync()).ShouldBe("无人在岗");
        await director.ClickAsync(".department-pick[data-department='住建局']");
        (await director.Locator("#nobody-present-warning").InnerTextAsync()).ShouldContain("住建局 当前无人在岗");
        await director.Keyboard.PressAsync("Escape");

        await housing.ClickAsync("#duty-toggle");
        await row.Locator(".presence.ok").WaitForAsync(new LocatorWaitForOptions { Timeout = 5000 });
    }

    private Task<IPage> SignInAsync(string user, int width, int height) => browser.SignInAsync(_app.ServerAddress, user, width, height);

    /// <summary>A run that went as it should has logged no error: every Error line must be a real fault.</summary>
    public void Dispose()
    {
        using (_app)
        {
            _app.ShouldHaveLoggedNoError();
        }
    }
}
