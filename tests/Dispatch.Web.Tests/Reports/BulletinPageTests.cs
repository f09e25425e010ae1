using System.Globalization;
using Dispatch.Infrastructure.Reports;
using Dispatch.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Reports;

/// <summary>The daily bulletin's pages: every department reads it, the wall does not, the numbers are the stored ones.</summary>
[Collection(WebAppCollection.Name)]
public class BulletinPageTests(DispatchWebFactory factory)
{
    [Fact]
    public async Task APublishedBulletin_ReadsTheSameForADepartment_AndIsListedForTheDirector()
    {
        var bulletin = await factory.Services.GetRequiredService<BulletinService>().PublishAsync(CancellationToken.None);
        var day = bulletin.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var housing = new WebSession(factory);
        await housing.SignInAsync("zjj01");

        var page = await housing.GetDocumentAsync($"/bulletins/{day}");

        page.QuerySelector(".doc-number")!.TextContent.ShouldBe(bulletin.Number);
        page.QuerySelector("#bulletin-numbers [data-n=received]")!.TextContent.ShouldBe(bulletin.Content.Numbers.Received.ToString(CultureInfo.InvariantCulture));
        page.QuerySelector("#bulletin-numbers [data-n=open]")!.TextContent.ShouldBe(bulletin.Content.Numbers.OpenCases.ToString(CultureInfo.InvariantCulture));
        page.QuerySelectorAll("h3[data-owner]").Select(h => h.GetAttribute("data-owner")).ShouldBe(bulletin.Content.Overdue.Select(o => o.Owner));
        (await housing.GetDocumentAsync("/bulletins/2020-01-01")).QuerySelector("#bulletin-missing")!.TextContent.ShouldBe("2020年1月1日没有发布通报（通报在工作日 17:00 发布）。");
        (await housing.GetDocumentAsync("/bulletins/yesterday")).QuerySelector("#bulletin-missing")!.TextContent.ShouldContain("不是有效的日期");

        using var director = new WebSession(factory);
        await director.SignInAsync("director");
        var list = await director.GetDocumentAsync("/bulletins");
        list.QuerySelector($"#bulletin-list tr[data-day='{day}']")!.TextContent.ShouldContain(bulletin.Number);

        using var wall = new WebSession(factory);
        await wall.SignInAsync("wall");
        using var refused = await wall.Client.GetAsync(new Uri($"/bulletins/{day}", UriKind.Relative));
        refused.Headers.Location!.ToString().ShouldContain("/account/denied");
    }
}
