using System.Text.RegularExpressions;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Whistles;
using Dispatch.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dispatch.EndToEnd.Tests;

/// <summary>
/// 报到 from the phone: the summons text reaches a fake gateway through the job server, its link
/// opens on a 390×844 phone, 报到 is pressed there and the director's console shows it live; the
/// same link after the whistle closed shows the ended page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SmsLinkTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly LocatorWaitForOptions Within = new() { Timeout = 15000 };
    private FakeSmsGateway _gateway = null!;
    private DispatchWebFactory _app = null!;

    public async Task InitializeAsync()
    {
        _gateway = await FakeSmsGateway.StartAsync();
        _app = DispatchWebFactory.WithRealServer(settings: new Dictionary<string, string?>
        {
            ["Sms:Provider"] = "Http",
            ["Sms:Http:Url"] = _gateway.SendUrl,
            ["Sms:Http:Token"] = FakeSmsGateway.Token,
            ["Sms:PublicBaseUrl"] = "https://dispatch.test",
        });
        _ = _app.ServerAddress;
    }

    [Fact]
    public async Task TheTextsLink_OpensOnAPhone_报到ShowsOnTheConsoleLive_AndTheLinkEndsWithTheWhistle()
    {
        var director = await browser.SignInAsync(_app.ServerAddress, "director", 1440, 900);
        var whistleId = await DemoActions.BlowAsync(_app.Services, "住建局", "请住建局立即到场核实");
        var code = await CodeAsync(whistleId);

        // zjj01 is on duty: the summons text goes to their phone, through the job server.
        var text = await _gateway.WaitForAsync(s => s.Phone == "13909380001" && s.Text.Contains(code, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        var path = Regex.Match(text.Text, "https://dispatch.test(/m/[A-Za-z0-9_-]{22})").Groups[1].Value;
        path.ShouldNotBeEmpty();

        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.ServerAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "zh-CN",
            IsMobile = true,
            HasTouch = true,
        });
        var phone = await context.NewPageAsync();
        await phone.GotoAsync(path);
        (await phone.Locator("#link-summons .phone-tag").InnerTextAsync()).ShouldBe("吹哨召集 · 住建局");
        (await phone.Locator("#link-message").InnerTextAsync()).ShouldContain("请住建局立即到场核实");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "sms-phone.png") });

        await phone.ClickAsync("#link-acknowledge");
        await phone.Locator("#link-done").WaitForAsync(Within);
        (await phone.Locator("#link-state").InnerTextAsync()).ShouldContain("已报到");
        (await phone.Locator("#link-onsite").IsVisibleAsync()).ShouldBeTrue();
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);

        // The console: 住建局 reported for duty, by the person the text went to, without a reload.
        var row = director.Locator($"tr[data-whistle]:has-text('{code}')");
        await row.Locator(".summons-chip:has-text('住建局') .summons-state:text('已报到')").WaitForAsync(Within);
        await row.Locator(".command-button").ClickAsync();
        var line = director.Locator(".whistle-detail .summons-line[data-department='住建局']");
        await line.Locator(".text-line[data-purpose=Summons][data-text-state=Sent]").First.WaitForAsync(Within);
        (await line.InnerTextAsync()).ShouldContain("（短信）");
        (await line.Locator(".text-line[data-purpose=NobodyPresent]").InnerTextAsync()).ShouldContain("刘志刚（住建局负责人）");
        await director.Locator(".whistle-detail").First.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "console-texts.png") });

        // The whistle ends: the same link now says so and offers nothing.
        await _app.Services.GetRequiredService<WhistleCommands>().CloseAsync(await DemoActions.OperatorAsync(_app.Services, "director"), whistleId, WhistleOutcome.ResolvedOnSite, null);
        await phone.GotoAsync(path);
        (await phone.Locator("#link-ended h1").InnerTextAsync()).ShouldBe("召集已结束");
        (await phone.Locator("form").CountAsync()).ShouldBe(0);

        // 短信记录: the administrator reads what was sent, to whom and how it stands.
        var admin = await browser.SignInAsync(_app.ServerAddress, "admin", 1440, 900);
        await admin.GotoAsync("/admin/sms");
        await admin.WaitForSelectorAsync(".page[data-ready=true]");
        (await admin.Locator("#sms-provider").InnerTextAsync()).ShouldBe("短信网关（HTTP）");
        (await admin.Locator($"table.texts tbody tr:has-text('{code}')").CountAsync()).ShouldBeGreaterThan(0);
        (await admin.Locator("table.texts").InnerTextAsync()).ShouldNotContain(path);
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "admin-sms.png") });
    }

    private async Task<string> CodeAsync(Guid whistleId)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        return await db.Whistles.Where(w => w.Id == whistleId).Select(w => w.CaseCode).SingleAsync();
    }

    public async Task DisposeAsync()
    {
        using (_app)
        {
            _app.ShouldHaveLoggedNoError();
        }

        await _gateway.DisposeAsync();
    }
}
