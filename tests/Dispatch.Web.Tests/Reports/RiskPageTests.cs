using System.Globalization;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Infrastructure.Queries;
using Dispatch.Infrastructure.Reports;
using Dispatch.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Reports;

/// <summary>风险预警 on the screens: the console and the wall show the open warnings, a letter reaches only its department, the rules page only admins.</summary>
[Collection(WebAppCollection.Name)]
public class RiskPageTests(DispatchWebFactory factory)
{
    private RiskQueries Risks => factory.Services.GetRequiredService<RiskQueries>();

    [Fact]
    public async Task TheConsoleAndTheWall_ShowTheOpenWarnings_AndALetterReachesOnlyItsDepartment()
    {
        await factory.Services.GetRequiredService<RiskService>().EvaluateAsync(CancellationToken.None);
        var open = await Risks.OpenAsync(null, 20, CancellationToken.None);
        open.ShouldNotBeEmpty("the demo county's wage-arrears cases cluster in a village");
        using var director = new WebSession(factory);
        await director.SignInAsync("director");
        using var wall = new WebSession(factory);
        await wall.SignInAsync("wall");

        var console = await director.GetDocumentAsync("/console");
        var wallPage = await wall.GetDocumentAsync("/wall/county-3x2");

        console.QuerySelectorAll("#risk-panel .risk-card").Select(c => c.GetAttribute("data-warning")).ShouldBe(open.Take(5).Select(v => v.Warning.Id.ToString()), "the newest five; the rest behind 显示全部");
        console.QuerySelector("#risk-count")!.TextContent.ShouldBe(open.Count.ToString(CultureInfo.InvariantCulture));
        console.QuerySelector($"#risk-panel [data-warning='{open[0].Warning.Id}'] .risk-summary")!.TextContent.ShouldBe(open[0].Warning.Summary);
        wallPage.QuerySelector("[data-risk-open]")!.TextContent.ShouldBe(open.Count.ToString(CultureInfo.InvariantCulture));
        wallPage.QuerySelectorAll(".risk-warning").Select(w => w.GetAttribute("data-warning")).ShouldBe(open.Take(wallPage.QuerySelectorAll(".risk-warning").Length).Select(v => v.Warning.Id.ToString()));

        // The director sends a letter to 人社局: its terminal shows it with 签收, 住建局's does not.
        var warning = open[0].Warning;
        var departments = await factory.Services.GetRequiredService<DispatchQueries>().DepartmentsAsync(null, CancellationToken.None);
        var labour = departments.Single(d => d.ShortName == "人社局");
        var directorOperator = new Operator(Guid.NewGuid(), "张建国", StaffRole.Director, null);
        await factory.Services.GetRequiredService<RiskService>().IssueLetterAsync(directorOperator, warning.Id, labour.Id, warning.DraftLetter(labour.Name, "甘州区综治中心"));
        using var labourStaff = new WebSession(factory);
        await labourStaff.SignInAsync("rsj01");
        using var housingStaff = new WebSession(factory);
        await housingStaff.SignInAsync("zjj01");

        var labourTerminal = await labourStaff.GetDocumentAsync("/terminal");
        var housingTerminal = await housingStaff.GetDocumentAsync("/terminal");
        var consoleAfter = await director.GetDocumentAsync("/console");

        var card = labourTerminal.QuerySelector($".letter-card[data-letter='{warning.Id}']").ShouldNotBeNull();
        card.QuerySelector(".risk-letter-no")!.TextContent.ShouldStartWith("甘综治警〔");
        card.QuerySelector(".letter-body")!.TextContent.ShouldStartWith(labour.Name + "：");
        card.QuerySelector(".letter-sign")!.TextContent.ShouldBe("签收");
        housingTerminal.QuerySelector($"[data-letter='{warning.Id}']").ShouldBeNull();
        consoleAfter.QuerySelector($"#risk-panel .risk-card[data-warning='{warning.Id}']").ShouldBeNull();
        consoleAfter.QuerySelector($".risk-settled [data-settled='{warning.Id}'] .unsigned")!.TextContent.ShouldBe("未签收");
    }

    [Fact]
    public async Task TheRulesPage_ListsTheRulesInWords_ForAnAdministratorOnly()
    {
        var rules = await Risks.RulesAsync(CancellationToken.None);
        using var admin = new WebSession(factory);
        await admin.SignInAsync("admin");
        using var director = new WebSession(factory);
        await director.SignInAsync("director");

        var page = await admin.GetDocumentAsync("/admin/risk-rules");
        using var refused = await director.Client.GetAsync(new Uri("/admin/risk-rules", UriKind.Relative));

        page.QuerySelectorAll(".risk-rules tbody tr").Select(r => r.GetAttribute("data-rule")).ShouldBe(rules.Select(r => r.Name));
        page.QuerySelector($".risk-rules tr[data-rule='{rules[0].Name}'] td:nth-child(2)")!.TextContent.ShouldBe(rules[0].Describe());
        refused.Headers.Location!.ToString().ShouldContain("/account/denied");
    }

    [Fact]
    public async Task TheTerminal_ShowsTodaysBulletin_AfterAReload()
    {
        var bulletin = await factory.Services.GetRequiredService<BulletinService>().PublishAsync(CancellationToken.None);
        using var housing = new WebSession(factory);
        await housing.SignInAsync("zjj01");

        var terminal = await housing.GetDocumentAsync("/terminal");

        var bar = terminal.QuerySelector("#bulletin-bar").ShouldNotBeNull();
        bar.QuerySelector("a")!.GetAttribute("href").ShouldBe($"bulletins/{bulletin.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
    }
}
