using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Reports;
using Dispatch.Tests.Shared;
using Dispatch.Web.Components.Pages.Cases;
using Dispatch.Web.Components.Pages.Console;
using Dispatch.Web.Components.Pages.Reports;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Components;

/// <summary>
/// Components over the demo county: the intake form lists every bad field at once and saves
/// nothing; the risk panel drafts a letter to the suggested department and only those who run
/// cases may send or dismiss; the reports controls put their choice in the address.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class FormAndPanelTests : ComponentTest
{
    private readonly DispatchWebFactory _app;
    private readonly BunitAuthorizationContext _auth;

    public FormAndPanelTests(DispatchWebFactory app)
    {
        _app = app;
        Services.AddFallbackServiceProvider(app.Services);
        _auth = AddAuthorization();

        // The user's center scope reads the signed-in user from this context's authentication, as in the app.
        Services.AddScoped(sp => new Dispatch.Web.Security.UserScope(
            sp.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>(),
            app.Services.GetRequiredService<Dispatch.Infrastructure.Security.CenterScopes>(),
            app.Services.GetRequiredService<Dispatch.Infrastructure.Queries.DispatchQueries>()));
        // As in the app: interactive on the server (pages mark themselves ready only then).
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private async Task SignInAsync(string userName)
    {
        var user = await DemoActions.OperatorAsync(_app.Services, userName);
        var auth = _auth;
        auth.SetAuthorized(user.Name);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.StaffId.ToString()), new Claim(ClaimTypes.Role, user.Role.ToString()), new Claim(Dispatch.Web.Security.DispatchClaims.CenterId, user.CenterId.ToString()!));
    }

    private async Task<int> CaseCountAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        return await db.Cases.CountAsync();
    }

    [Fact]
    public async Task The_intake_form_lists_every_bad_field_at_once_and_saves_nothing()
    {
        await SignInAsync("clerk");
        var before = await CaseCountAsync();
        var form = Render<CaseIntakePage>();
        form.WaitForElement("#intake-submit");

        form.Find(".party-name").Change("李某");
        form.Find(".party-phone").Change("1390936");
        form.Find(".party-id").Change("620702198001010014");
        await form.Find("#intake-submit").ClickAsync(new());

        var errors = form.WaitForElement("#intake-errors");
        var items = errors.QuerySelectorAll("li").Select(li => li.TextContent).ToList();
        items.ShouldContain(m => m.Contains("标题", StringComparison.Ordinal));
        // The party's phone and ID number are both wrong: both are listed now, not one after the other.
        var party = items.Where(m => m.StartsWith("当事人：", StringComparison.Ordinal)).ToList();
        party.Count.ShouldBe(2, string.Join(" | ", items));
        party.ShouldContain(m => m.Contains("联系电话「1390936」格式不对", StringComparison.Ordinal));
        party.ShouldContain(m => m.Contains("身份证号「620702198001010014」无效", StringComparison.Ordinal));
        errors.QuerySelector("strong")!.TextContent.ShouldStartWith("请修改以下");
        (await CaseCountAsync()).ShouldBe(before);
    }

    private async Task<IReadOnlyList<RiskWarningView>> WarningsAsync()
    {
        await _app.Services.GetRequiredService<RiskService>().EvaluateAsync(CancellationToken.None);
        var open = await _app.Services.GetRequiredService<RiskQueries>().OpenAsync(null, 20, CancellationToken.None);
        open.Count.ShouldBeGreaterThan(5, "the demo county has clusters enough to page");
        return open;
    }

    [Fact]
    public async Task A_leader_reads_the_risk_warnings_without_a_button_to_send_or_dismiss()
    {
        var warnings = await WarningsAsync();
        var departments = await _app.Services.GetRequiredService<DispatchQueries>().DepartmentsAsync(null, CancellationToken.None);

        var panel = Render<RiskPanel>(p => p
            .Add(x => x.Warnings, warnings).Add(x => x.Departments, departments).Add(x => x.CanAct, false).Add(x => x.Now, Now)
            .Add(x => x.Issue, _ => Task.FromResult(true)).Add(x => x.Dismiss, _ => Task.FromResult(true)));

        panel.Find("#risk-count").TextContent.ShouldBe(warnings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        panel.FindAll(".risk-card").Count.ShouldBe(5);
        panel.FindAll(".risk-letter, .risk-dismiss").ShouldBeEmpty();
        panel.Find("#risk-more").Click();
        panel.FindAll(".risk-card").Count.ShouldBe(warnings.Count);

        // 查看 N 件案件 opens the cases behind the first warning.
        var first = panel.Find(".risk-card");
        first.QuerySelector(".risk-actions button")!.TextContent.ShouldBe($"查看 {warnings[0].Cases.Count} 件案件");
    }

    [Fact]
    public async Task The_director_sends_a_letter_drafted_to_the_suggested_department_and_a_refused_dismissal_keeps_the_reason()
    {
        var warnings = await WarningsAsync();
        var departments = await _app.Services.GetRequiredService<DispatchQueries>().DepartmentsAsync(null, CancellationToken.None);
        var issued = new List<(Guid WarningId, Guid DepartmentId, string Body)>();
        var dismissed = new List<(Guid WarningId, string Reason)>();

        var panel = Render<RiskPanel>(p => p
            .Add(x => x.Warnings, warnings).Add(x => x.Departments, departments).Add(x => x.CanAct, true).Add(x => x.Now, Now)
            .Add(x => x.CenterName, "甘州区综治中心")
            .Add(x => x.Issue, letter => { issued.Add(letter); return Task.FromResult(true); })
            .Add(x => x.Dismiss, reason => { dismissed.Add(reason); return Task.FromResult(false); }));

        var first = warnings[0].Warning;
        await panel.Find($".risk-card[data-warning='{first.Id}'] .risk-letter").ClickAsync(new());
        var select = panel.WaitForElement("#letter-department");
        var suggested = select.QuerySelectorAll("option").Single(o => o.TextContent.EndsWith("（案件主要承办部门）", StringComparison.Ordinal));
        var suggestedName = departments.Single(d => d.Id.ToString() == suggested.GetAttribute("value")).Name;
        panel.Find("#letter-body").GetAttribute("value")!.ShouldStartWith(suggestedName + "：");

        // Another addressee re-drafts the untouched letter.
        var other = departments.First(d => d.Id.ToString() != suggested.GetAttribute("value"));
        panel.Find("#letter-department").Change(other.Id.ToString());
        panel.Find("#letter-body").GetAttribute("value")!.ShouldStartWith(other.Name + "：");
        await panel.Find("#letter-send").ClickAsync(new());

        issued.ShouldHaveSingleItem().ShouldBe((first.Id, other.Id, first.DraftLetter(other.Name, "甘州区综治中心")));
        panel.FindAll("#letter-body").ShouldBeEmpty();

        // 不发 needs a reason; when the server refuses, the box stays open with the reason typed.
        panel.Find($".risk-card[data-warning='{first.Id}'] .risk-dismiss").Click();
        panel.Find("#dismiss-reason").Input("已召开专题会议部署");
        await panel.Find("#dismiss-confirm").ClickAsync(new());
        dismissed.ShouldHaveSingleItem().ShouldBe((first.Id, "已召开专题会议部署"));
        panel.Find("#dismiss-reason").GetAttribute("value").ShouldBe("已召开专题会议部署");
    }

    [Fact]
    public async Task The_reports_open_on_the_last_30_days_and_each_control_puts_its_choice_in_the_address()
    {
        await SignInAsync("director");
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        navigation.NavigateTo("reports");
        var page = Render<ReportsPage>();
        page.WaitForElement("#received-count", TimeSpan.FromSeconds(10));

        page.Find("button[data-preset='30d']").ClassList.ShouldContain("primary");
        page.Find("button[data-preset=month]").Click();
        page.WaitForAssertion(() => navigation.Uri.ShouldContain("period=month"));

        page.Find("#report-center").Change("DM");
        page.WaitForAssertion(() => navigation.Uri.ShouldContain("center=DM"));
    }

    [Theory]
    [InlineData("reports?period=custom&from=2026-03-10&to=2026-03-01&center=GZ", "结束日期不能早于开始日期。")]
    [InlineData("reports?period=month&center=QQ9", "没有代码为「QQ9」的综治中心，请在「范围」中重新选择。")]
    public async Task A_wrong_period_or_center_in_the_address_says_what_to_fix(string address, string message)
    {
        await SignInAsync("director");
        Services.GetRequiredService<BunitNavigationManager>().NavigateTo(address);
        var page = Render<ReportsPage>();

        page.WaitForElement("#report-error", TimeSpan.FromSeconds(10)).TextContent.ShouldBe(message);
    }
}
