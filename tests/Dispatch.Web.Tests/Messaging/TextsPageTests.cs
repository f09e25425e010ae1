using Dispatch.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Messaging;

/// <summary>The embedded default (Log provider): what would be texted is on 短信记录, for administrators only.</summary>
[Collection(WebAppCollection.Name)]
public class TextsPageTests(DispatchWebFactory factory)
{
    [Fact]
    public async Task Administrators_ReadWhatWasTexted_OthersAreRefused()
    {
        var whistleId = await DemoActions.BlowAsync(factory.Services, "市场监管局", "短信记录测试");
        var planner = factory.Services.GetRequiredService<Infrastructure.Messaging.TextPlanner>();
        await planner.PlanWhistleAsync(whistleId, CancellationToken.None);

        using var admin = new WebSession(factory);
        await admin.SignInAsync("admin");
        var page = await admin.GetDocumentAsync("/admin/sms");
        page.QuerySelector("#sms-provider")!.TextContent.ShouldBe("日志");
        page.QuerySelectorAll("table.texts tbody tr").Select(r => r.TextContent).ShouldContain(t => t.Contains("召集通知") && t.Contains("市场监管局") && t.Contains("139****"));

        using var director = new WebSession(factory);
        await director.SignInAsync("director");
        using var refused = await director.Client.GetAsync(new Uri("/admin/sms", UriKind.Relative));
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.Found);
        refused.Headers.Location!.ToString().ShouldContain("/account/denied");
    }
}
