using System.Globalization;
using Dispatch.Domain.Risk;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Reports;
using Dispatch.Tests.Shared;
using Dispatch.Web.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dispatch.EndToEnd.Tests;

/// <summary>
/// Risk warnings and reports through the screens: the director turns a warning into a letter
/// to 人社局, whose terminal receives it live and signs for it, and the console sees the
/// signature; another warning is set aside with a reason. The reports page answers its controls.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RiskAndReportsTests(BrowserFixture browser) : IDisposable
{
    private static readonly LocatorWaitForOptions Live = new() { Timeout = 10000 };
    private readonly DispatchWebFactory _app = DispatchWebFactory.WithRealServer();

    [Fact]
    public async Task A_warning_becomes_a_letter_signed_and_answered_live_on_the_terminal_and_another_is_set_aside_with_a_reason()
    {
        await _app.Services.GetRequiredService<RiskService>().EvaluateAsync(CancellationToken.None);
        var open = await _app.Services.GetRequiredService<RiskQueries>().OpenAsync(null, 20, CancellationToken.None);
        open.Count.ShouldBeGreaterThanOrEqualTo(2, "the demo county raises several warnings");
        var labour = (await _app.Services.GetRequiredService<DispatchQueries>().DepartmentsAsync(null, CancellationToken.None)).Single(d => d.ShortName == "人社局");
        var director = await SignInAsync("director");
        var terminal = await SignInAsync("rsj01");
        await director.GotoAsync("/console");
        await director.WaitForSelectorAsync("[data-ready=true]");
        await terminal.GotoAsync("/terminal");
        await terminal.WaitForSelectorAsync("[data-ready=true]");
        var (first, second) = (open[0].Warning, open[1].Warning);

        // 发警示函: the draft names the chosen department; the director adds a line before sending.
        var card = director.Locator($"#risk-panel .risk-card[data-warning='{first.Id}']");
        await card.Locator(".risk-letter").ClickAsync();
        var suggested = await _app.Services.GetRequiredService<RiskQueries>().SuggestDepartmentAsync(first, CancellationToken.None);
        suggested.ShouldNotBeNull("the demo county's wage-arrears cases were handled or summoned somewhere");
        (await director.InputValueAsync("#letter-department")).ShouldBe(suggested.Value.ToString(), "the editor opens addressed to the suggested department");
        await director.SelectOptionAsync("#letter-department", labour.Id.ToString());
        await director.WaitForFunctionAsync("name => document.querySelector('#letter-body').value.startsWith(name)", labour.Name + "：", new PageWaitForFunctionOptions { Timeout = 10000 });
        (await director.InputValueAsync("#letter-body")).ShouldStartWith(labour.Name + "：");
        await director.Locator("#letter-body").PressAsync("End");
        await director.Locator("#letter-body").PressSequentiallyAsync("（请于周五前报送）");
        await director.ClickAsync("#letter-send");
        await card.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 10000 });
        await director.Locator($".risk-settled [data-settled='{first.Id}'] .unsigned").WaitForAsync(Live);

        // The terminal gets it without a reload, signs, and the console shows who signed.
        var letter = terminal.Locator($".letter-card[data-letter='{first.Id}']");
        await letter.WaitForAsync(Live);
        (await letter.Locator(".letter-body").TextContentAsync())!.ShouldEndWith("（请于周五前报送）");
        await letter.Locator(".letter-sign").ClickAsync();
        await letter.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 10000 });
        var signed = director.Locator($".risk-settled [data-settled='{first.Id}'] .signed");
        await signed.WaitForAsync(Live);
        (await signed.TextContentAsync())!.ShouldContain("已签收");

        // 整改反馈: the signed letter waits for its written answer; "已阅" is refused with the text
        // kept in the box; the answer reaches the console live.
        var answer = terminal.Locator($".letter-card[data-feedback-for='{first.Id}']");
        await answer.WaitForAsync(Live);
        (await answer.Locator(".feedback-due").TextContentAsync())!.ShouldContain("前反馈");
        await director.Locator($".risk-settled [data-settled='{first.Id}'] .feedback-pending").WaitForAsync(Live);
        await answer.Locator(".feedback-text").FillAsync("已阅");
        await answer.Locator(".feedback-submit").ClickAsync();
        await terminal.Locator(".mud-snackbar:has-text('不少于 10 个字')").WaitForAsync(Live);
        (await answer.Locator(".feedback-text").InputValueAsync()).ShouldBe("已阅");
        await answer.Locator(".feedback-text").FillAsync("已召开专题会，逐件核查欠薪案件，督促涉事企业本周内足额支付。");
        await answer.Locator(".feedback-submit").ClickAsync();
        await answer.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 10000 });
        var feedback = director.Locator($".risk-settled [data-feedback='{first.Id}']");
        await feedback.WaitForAsync(Live);
        (await feedback.Locator("summary").TextContentAsync())!.ShouldContain("已反馈");
        (await feedback.TextContentAsync())!.ShouldContain("督促涉事企业本周内足额支付");

        // 不发 needs a reason: without one the warning stays, with one it leaves the panel.
        var other = director.Locator($"#risk-panel .risk-card[data-warning='{second.Id}']");
        await other.Locator(".risk-dismiss").ClickAsync();
        await director.ClickAsync("#dismiss-confirm");
        await director.Locator(".mud-snackbar:has-text('不发警示函的理由')").WaitForAsync(Live);
        (await other.CountAsync()).ShouldBe(1);
        await director.FillAsync("#dismiss-reason", "已召开专题会议部署，涉及案件均在办理中");
        await director.ClickAsync("#dismiss-confirm");
        await other.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 10000 });

        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var stored = db.RiskWarnings.Where(w => w.Id == first.Id || w.Id == second.Id).ToDictionary(w => w.Id);
        stored[first.Id].Status.ShouldBe(RiskWarningStatus.LetterIssued);
        stored[first.Id].LetterDepartmentId.ShouldBe(labour.Id);
        stored[first.Id].LetterReadBy.ShouldNotBeNull();
        stored[second.Id].Status.ShouldBe(RiskWarningStatus.Dismissed);
        stored[second.Id].DismissReason.ShouldBe("已召开专题会议部署，涉及案件均在办理中");
    }

    /// <summary>
    /// The page changes its address in place (Blazor navigation, history.pushState): no load event
    /// comes, so watch the address itself rather than wait for a navigation.
    /// </summary>
    private static readonly PageWaitForFunctionOptions AddressChange = new() { Timeout = 10_000 };

    [Fact]
    public async Task The_reports_page_follows_its_period_and_center_controls_refuses_a_backwards_range_and_downloads_the_workbook()
    {
        var director = await SignInAsync("director");
        var reports = _app.Services.GetRequiredService<ReportQueries>();
        var walls = _app.Services.GetRequiredService<WallQueries>();
        await director.GotoAsync("/reports");
        await director.WaitForSelectorAsync("[data-ready=true]");

        await director.ClickAsync("button[data-preset=year]");
        await director.WaitForFunctionAsync("() => location.search.includes('period=year')", null, AddressChange);
        await director.WaitForSelectorAsync("button[data-preset=year].primary");
        var year = ReportPeriod.Parse("year", null, null, DispatchWebFactory.Clock.GetUtcNow()).Period!;
        var county = (await walls.CountyScopeAsync(CancellationToken.None))!;
        var expected = await reports.ReportAsync(county, year.Period, CancellationToken.None);
        (await director.TextContentAsync("#received-count"))!.ShouldBe(expected.Kpis.CasesReceived.ToString(CultureInfo.InvariantCulture));
        await director.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "reports-year.png"), FullPage = true });

        await director.SelectOptionAsync("#report-center", "DM");
        await director.WaitForFunctionAsync("() => location.search.includes('center=DM')", null, AddressChange);
        var township = (await walls.ScopeAsync("DM", CancellationToken.None))!;
        var expectedTownship = await reports.ReportAsync(township, year.Period, CancellationToken.None);
        await director.Locator($"#received-count:text-is('{expectedTownship.Kpis.CasesReceived}')").WaitForAsync(Live);
        (await director.Locator("#township-breakdown tr[data-township]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.township)")).ShouldBe(["DM"]);

        await director.FillAsync("#report-from", "2026-03-10");
        await director.FillAsync("#report-to", "2026-03-01");
        await director.ClickAsync("#report-custom");
        (await director.Locator("#report-error").TextContentAsync(new LocatorTextContentOptions { Timeout = 10000 }))!.ShouldBe("结束日期不能早于开始日期。");

        await director.ClickAsync("button[data-preset=month]");
        await director.WaitForSelectorAsync("#export-xlsx");
        var download = await director.RunAndWaitForDownloadAsync(() => director.ClickAsync("#export-xlsx"));
        download.SuggestedFilename.ShouldEndWith(".xlsx");
        var path = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(path);
        try
        {
            using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(path, false);
            workbook.WorkbookPart!.Workbook.Sheets!.ChildElements.Count.ShouldBeGreaterThan(1);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_rules_page_lists_every_mistake_at_once_then_saves_a_correct_rule()
    {
        var admin = await SignInAsync("admin");
        await admin.GotoAsync("/admin/risk-rules");
        await admin.WaitForSelectorAsync("[data-ready=true]");
        await admin.ClickAsync("#rule-new");
        await admin.SelectOptionAsync("#rule-kind", "Rise");
        await admin.FillAsync("#rule-window", "0");
        await admin.FillAsync("#rule-min", "1");
        await admin.FillAsync("#rule-rise", "0");
        await admin.ClickAsync("#rule-save");

        var problems = admin.Locator(".form-error ul.problems li");
        await problems.First.WaitForAsync(Live);
        (await problems.AllTextContentsAsync()).ShouldBe(["规则名称须为 1–50 个字。", "统计天数须在 1–90 天之间。", "案件数门槛须在 2–10000 件之间。", "环比上升幅度须在 1%–1000% 之间。"]);

        await admin.FillAsync("#rule-name", "供热环比上升");
        await admin.FillAsync("#rule-window", "7");
        await admin.FillAsync("#rule-min", "5");
        await admin.FillAsync("#rule-rise", "30");
        await admin.ClickAsync("#rule-save");
        await admin.Locator("tr:has-text('供热环比上升')").WaitForAsync(Live);
        (await admin.Locator(".form-error").CountAsync()).ShouldBe(0);
    }

    private Task<IPage> SignInAsync(string user) => browser.SignInAsync(_app.ServerAddress, user, 1366, 900);

    /// <summary>A run that went as it should has logged no error: every Error line must be a real fault.</summary>
    public void Dispose()
    {
        using (_app)
        {
            _app.ShouldHaveLoggedNoError();
        }
    }
}
