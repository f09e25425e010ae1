using Dispatch.Domain.Cases;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dispatch.EndToEnd.Tests;

/// <summary>
/// 三级综治中心 end to end, each person in their own browser: a grid worker reports from the
/// field on a phone, the village mediates until its attempts run out, the case arrives live at
/// 大满镇's console with a sound, the township whistles its 派出所 and the county's 人社局, both
/// terminals acknowledge, and the county's console and wall see all of it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ThreeLevelStoryTests(BrowserFixture browser) : IDisposable
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(15);

    /// <summary>A 1×1 PNG, as a phone camera would hand the page a picture.</summary>
    private static readonly byte[] Photo = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");

    /// <summary>Records every tone the page asks for (the console's raised-case alert), whether or not a sound device is there.</summary>
    private const string ToneSpy = """
        () => {
          window.__tones = [];
          const play = window.dispatchTerminal.play;
          window.dispatchTerminal.play = kind => { window.__tones.push(kind); return play(kind); };
        }
        """;

    private readonly DispatchWebFactory _app = DispatchWebFactory.WithRealServer();

    private static LocatorWaitForOptions Within => new() { Timeout = (float)Live.TotalMilliseconds };

    [Fact]
    public async Task AGridReport_IsMediatedRaisedLive_AndATownshipWhistleIsAnsweredByItsOfficeAndTheCounty()
    {
        // 1. 新新村's grid worker reports from the field: category, one line, a camera photo, the position.
        var grid = await browser.SignInAsync(_app.ServerAddress, "xx-grid", 390, 844, new Geolocation { Latitude = 38.8851f, Longitude = 100.3720f, Accuracy = 12 });
        await grid.SelectOptionAsync("#grid-category", nameof(CaseCategory.Neighbourhood));
        await grid.FillAsync("#grid-title", "3组两户因排水沟堵塞发生争执");
        await grid.SetInputFilesAsync("#grid-photos", new FilePayload { Name = "scene.png", MimeType = "image/png", Buffer = Photo });
        await grid.Locator("#grid-photo-list li:has-text('scene.png') img").WaitForAsync(Within);
        await grid.ClickAsync("#grid-locate");
        (await grid.Locator("#grid-position").InnerTextAsync()).ShouldContain("北纬 38.88510，东经 100.37200");
        await grid.FillAsync("#grid-description", "两户因排水沟堵塞争执，现场已劝开，需村里调解。");
        await grid.Locator("#grid-photo-list").ScrollIntoViewIfNeededAsync();
        await grid.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "grid-phone.png") });
        await grid.ClickAsync("#grid-submit");
        var code = await grid.Locator("#grid-done strong").InnerTextAsync(new LocatorInnerTextOptions { Timeout = (float)Live.TotalMilliseconds });
        code.ShouldStartWith("XX-");
        await grid.Locator($"#grid-mine .field-report[data-code='{code}']:has-text('新新村综治中心')").WaitForAsync(Within);
        await grid.Locator("#grid-mine").ScrollIntoViewIfNeededAsync();
        await grid.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "grid-phone-reports.png") });

        var filed = await CaseAsync(code);
        filed.Channel.ShouldBe(Channel.GridReport);
        filed.Latitude!.Value.ShouldBe(38.8851, 0.0001);
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync())
        {
            (await db.CaseAttachments.CountAsync(a => a.CaseId == filed.Id)).ShouldBe(1);
        }

        // 2. The village takes it on and mediates twice without success (the case page's steps have tests of their own).
        var mediator = await DemoActions.OperatorAsync(_app.Services, "xx-mediator");
        var commands = _app.Services.GetRequiredService<CaseCommands>();
        await commands.RouteAsync(mediator, filed.Id, filed.CenterId, null);
        await commands.AssessAsync(mediator, filed.Id, RiskLevel.Medium, "两户积怨较深");
        await commands.StartHandlingAsync(mediator, filed.Id, null, 3, null);
        (await commands.RecordMediationAsync(mediator, filed.Id, false, "双方各执一词，约定再调。")).ShouldBeFalse();
        (await commands.RecordMediationAsync(mediator, filed.Id, false, "一方未到场。")).ShouldBeFalse();

        // Everyone who will see it next is watching already.
        var township = await browser.SignInAsync(_app.ServerAddress, "dm-director", 1440, 900);
        await township.EvaluateAsync(ToneSpy);
        var county = await browser.SignInAsync(_app.ServerAddress, "director", 1440, 900);
        var police = await browser.SignInAsync(_app.ServerAddress, "dm-pcs", 1366, 768);
        var labour = await browser.SignInAsync(_app.ServerAddress, "rsj01", 1366, 768);
        var wall = await browser.OpenWallAsync(_app.ServerAddress, "county-3x2", 1920, 1080);

        // 3. The third failed mediation, in the mediator's browser, raises the case to 大满镇 by itself.
        var village = await browser.SignInAsync(_app.ServerAddress, "xx-mediator", 1366, 768);
        await village.GotoAsync($"/cases/{filed.Id}");
        await village.WaitForSelectorAsync(".page[data-ready=true]");
        await village.FillAsync("#mediation-note", "第三次调解，双方仍不接受方案。");
        await village.ClickAsync("#do-mediation-failed");
        await village.Locator("#handed-up:has-text('已上交')").WaitForAsync(Within);
        (await village.Locator("#case-actions button").CountAsync()).ShouldBe(0);

        // 4. 大满镇's console: the raised case arrives live, with the lower level's history, and sounds.
        await township.Locator($"#inbox .inbox-item[data-kind=Raised][data-case='{code}']").WaitForAsync(Within);
        (await township.EvaluateAsync<string[]>("() => window.__tones")).ShouldContain("summons");
        await township.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "township-console-raised.png") });
        await township.GotoAsync($"/cases/{filed.Id}");
        await township.WaitForSelectorAsync(".page[data-ready=true]");
        (await township.Locator(".timeline").InnerTextAsync()).ShouldContain("第 3/3 次调解未成功");

        // 5. The township whistles its 派出所 and the county's 人社局.
        await township.ClickAsync("#do-blow");
        await township.WaitForSelectorAsync(".blow-dialog[data-ready=true]");
        (await township.Locator(".department-pick[data-department='沙井派出所']").CountAsync()).ShouldBe(0);
        await township.ClickAsync(".department-pick[data-department='大满派出所']");
        await township.ClickAsync(".department-pick[data-department='人社局']");
        await township.FillAsync(".blow-message", "请派出所和人社局到新新村现场");
        await township.ClickAsync("#blow-submit");

        // 6. Both terminals see it live and acknowledge; the county's console and its wall see each
        // answer (the wall pins a whistle just answered to every page of its feed, so no rotation hides it).
        foreach (var (terminal, department) in new[] { (police, "大满派出所"), (labour, "人社局") })
        {
            var card = terminal.Locator($"#alarm-stack .summons-card.pending[data-summons]:has-text('{code}')");
            await card.WaitForAsync(Within);
            (await card.Locator(".brief-message").TextContentAsync())!.ShouldContain("请派出所和人社局到新新村现场");
            await card.Locator("button:text-is('报到')").ClickAsync();
            await terminal.Locator($".summons-card[data-summons]:has-text('{code}') .summons-state:text('已报到')").WaitForAsync(Within);
            await wall.Locator($".feed-item.fresh[data-whistle='{code}'] .chip[data-department='{department}']:has-text('已报到')").WaitForAsync(Within);
            await county.Locator($"tr[data-whistle]:has-text('{code}') .summons-chip:has-text('{department}') .summons-state:text('已报到')").WaitForAsync(Within);
        }

        // 大满镇's console with its whistle answered (the README's picture).
        await township.GotoAsync("/");
        await township.WaitForSelectorAsync(".page[data-ready=true]");
        await township.Locator($"tr[data-whistle]:has-text('{code}') .summons-chip:has-text('人社局') .summons-state:text('已报到')").WaitForAsync(Within);
        await township.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "township-console.png") });

        // 沙井镇's office never heard of it.
        var sibling = await browser.SignInAsync(_app.ServerAddress, "sj-pcs", 1366, 768);
        (await sibling.Locator($"text={code}").CountAsync()).ShouldBe(0);
    }

    private async Task<Case> CaseAsync(string code)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        return await db.Cases.AsNoTracking().SingleAsync(c => c.Code == code);
    }

    public void Dispose()
    {
        using (_app)
        {
            _app.ShouldHaveLoggedNoError();
        }
    }
}
