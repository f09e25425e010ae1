using Dispatch.Domain.Cases;
using Dispatch.Infrastructure.Queries;
using Dispatch.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dispatch.EndToEnd.Tests;

/// <summary>
/// The closed loop through the screens, in three browsers: the window clerk registers, the
/// director routes, assesses and blows the whistle, 住建局's terminal reports for duty and
/// submits the result, a dissatisfied follow-up sends the case back live, and the director closes it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CaseLoopTests(BrowserFixture browser) : IDisposable
{
    private static readonly LocatorWaitForOptions Live = new() { Timeout = 10000 };
    private readonly DispatchWebFactory _app = DispatchWebFactory.WithRealServer();

    [Fact]
    public async Task Intake_route_whistle_acknowledge_result_dissatisfied_second_supervision_and_close_on_screen()
    {
        var clerk = await SignInAsync("clerk");
        var director = await SignInAsync("director");
        var housing = await SignInAsync("zjj01");
        var queries = _app.Services.GetRequiredService<DispatchQueries>();
        var before = await queries.ConsoleAsync(CancellationToken.None);

        // 受理 at the window.
        await clerk.GotoAsync("/cases/new");
        await clerk.WaitForSelectorAsync("[data-ready=true]");
        await clerk.SelectOptionAsync("#intake-category", nameof(CaseCategory.PropertyManagement));
        await clerk.FillAsync("#intake-title", "小区电梯反复停运");
        await clerk.FillAsync("#intake-description", "3 号楼电梯一周内停运四次，老人上下楼困难，物业推诿。");
        await clerk.FillAsync(".party-name", "马某兰");
        await clerk.FillAsync(".party-phone", "13909367788");
        await clerk.ClickAsync("#intake-submit");
        await Stage(clerk, CaseStatus.Accepted);
        var caseUrl = new Uri(clerk.Url).AbsolutePath;
        var code = (await clerk.TextContentAsync("h1"))!.Trim();
        CaseCode.TryParse(code, out _, out var error).ShouldBeTrue($"the page heading is the case code, not {code}: {error}");

        // 分流 to 住建局 and 研判 by the director.
        await director.GotoAsync(caseUrl);
        await Stage(director, CaseStatus.Accepted);
        await director.SelectOptionAsync("#route-department", new SelectOptionValue { Label = "住建局" });
        await director.ClickAsync("#do-route");
        await Stage(director, CaseStatus.Routed);
        await director.SelectOptionAsync("#assess-risk", nameof(RiskLevel.High));
        await director.FillAsync("#assess-note", "涉及整栋楼 60 余户，老人多");
        await director.ClickAsync("#do-assess");
        await Stage(director, CaseStatus.Assessed);

        // 吹哨 from the case; the terminal rings with the case in its list.
        await director.ClickAsync("#do-blow");
        await director.WaitForSelectorAsync(".blow-dialog[data-ready=true]");
        await director.ClickAsync(".department-pick[data-department='住建局']");
        await director.FillAsync(".blow-message", "请住建局立即到场");
        await director.ClickAsync("#blow-submit");
        await Stage(director, CaseStatus.Handling);
        await director.Locator("#whistle-running").WaitForAsync(Live);

        var alarm = housing.Locator($"#alarm-stack .summons-card.pending:has-text('{code}')");
        await alarm.WaitForAsync(Live);
        var handed = housing.Locator($"#assigned-cases [data-case='{code}']");
        await handed.WaitForAsync(Live);
        (await handed.TextContentAsync())!.ShouldContain("正在吹哨召集中");

        // 报到, 到场, 反馈 on the terminal; the director ends the whistle on the console.
        await alarm.Locator("button:text-is('报到')").ClickAsync();
        var card = housing.Locator($".summons-card[data-summons]:has-text('{code}')");
        await card.Locator("button:text('到场')").ClickAsync();
        await card.Locator("button:text('反馈')").ClickAsync();
        await card.Locator(".composer-text").FillAsync("已到场，督促物业更换控制板，电梯当日恢复运行");
        await card.Locator("button:text('提交反馈')").ClickAsync();
        await card.Locator(".summons-state:text('已反馈')").WaitForAsync(Live);

        await director.GotoAsync("/console");
        await director.WaitForSelectorAsync("[data-ready=true]");
        var whistleRow = director.Locator($"tr[data-whistle]:has-text('{code}')");
        await whistleRow.Locator("button.command-button").ClickAsync();
        await director.Locator(".close-box label.outcome:has-text('现场化解') input").CheckAsync();
        await director.ClickAsync("#close-whistle");
        await whistleRow.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 10000 });

        // The terminal now takes the 办理结果 for the case handed to it.
        await handed.Locator("button:text('填写办理结果')").WaitForAsync(Live);
        await handed.Locator("button:text('填写办理结果')").ClickAsync();
        await housing.FillAsync("#result-text", "物业已更换电梯控制板并完成检验");
        await housing.ClickAsync("#submit-result");
        await handed.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 10000 });

        // 回访: dissatisfied → 二次督办; the case comes back to the terminal live, marked, with the complaint.
        // The clerk's page has been open since the intake and follows the case live.
        await Stage(clerk, CaseStatus.FollowUp);
        await clerk.SelectOptionAsync("#followup-satisfaction", nameof(Satisfaction.Dissatisfied));
        await clerk.FillAsync("#followup-days", "3");
        await clerk.FillAsync("#followup-note", "群众反映周末又停了一次");
        await clerk.ClickAsync("#do-followup");
        await Stage(clerk, CaseStatus.Handling);
        (await clerk.Locator(".supervision-badge").First.TextContentAsync()).ShouldBe("二次督办");

        await handed.WaitForAsync(Live);
        (await handed.GetAttributeAsync("class"))!.ShouldContain("supervised");
        (await handed.Locator(".case-brief.complaint").TextContentAsync())!.ShouldContain("周末又停了一次");
        (await housing.Locator(".messages .message:has-text('二次督办')").CountAsync()).ShouldBe(1);
        (await queries.ConsoleAsync(CancellationToken.None)).SupervisedCaseCount.ShouldBe(before.SupervisedCaseCount + 1);

        await handed.Locator("button:text('填写办理结果')").ClickAsync();
        await housing.FillAsync("#result-text", "更换整机主板，连续一周运行正常");
        await housing.ClickAsync("#submit-result");
        await handed.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 10000 });

        // Satisfied this time, and 结案.
        await Stage(clerk, CaseStatus.FollowUp);
        await clerk.SelectOptionAsync("#followup-satisfaction", nameof(Satisfaction.Satisfied));
        await clerk.FillAsync("#followup-note", "电话回访，群众满意");
        await clerk.ClickAsync("#do-followup");
        await clerk.Locator("#close-outcome").WaitForAsync(Live);
        await clerk.FillAsync("#close-outcome", "电梯已恢复正常，群众满意");
        await clerk.ClickAsync("#do-close");
        await clerk.Locator(".status-badge:text('已结案')").WaitForAsync(Live);
        (await clerk.Locator("#case-actions").CountAsync()).ShouldBe(0);

        var closed = await queries.CaseByCodeAsync(code, CancellationToken.None);
        closed!.SupervisionCount.ShouldBe(1);
        closed.FollowUps.Select(f => f.Satisfaction).ShouldBe([Satisfaction.Dissatisfied, Satisfaction.Satisfied]);
        (await queries.ConsoleAsync(CancellationToken.None)).SupervisedCaseCount.ShouldBe(before.SupervisedCaseCount);
        await clerk.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "case-closed.png"), FullPage = true });
    }

    /// <summary>The case page at a stage, live (data-ready is only set once the circuit renders it).</summary>
    private static Task Stage(IPage page, CaseStatus status) =>
        page.Locator($".page[data-ready=true] #case-actions[data-status='{status}']").WaitForAsync(Live);

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
