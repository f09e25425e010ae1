using System.Net;
using AngleSharp.Html.Parser;
using Dispatch.Infrastructure.Cases;
using Dispatch.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Cases;

[Collection(WebAppCollection.Name)]
public class TrackPageTests(DispatchWebFactory factory)
{
    private async Task<(string Code, Guid Id)> RegisterAsync()
    {
        var clerk = await DemoActions.OperatorAsync(factory.Services, "clerk");
        var intake = factory.Services.GetRequiredService<CaseIntakeCommands>();
        var cases = factory.Services.GetRequiredService<CaseCommands>();
        var registered = await intake.RegisterAsync(clerk, new IntakeForm(
            Domain.Cases.Channel.WalkIn, Domain.Cases.CaseCategory.WageArrears, "工地欠薪三个月", "内部备注：包工头周某某电话 13800001111",
            [new PartyForm("郑秀英", "13909365588", "62070219800101001X")], "DM", "XX", "新新村工地"), []);
        await cases.RejectAsync(await DemoActions.OperatorAsync(factory.Services, "director"), registered.Id, "内部理由：已由法院立案审理，不再重复受理");
        return (registered.Code, registered.Id);
    }

    private async Task<string> GetAsync(string path)
    {
        using var client = factory.CreateClient();
        return await client.GetStringAsync(new Uri(path, UriKind.Relative));
    }

    [Fact]
    public async Task A_code_and_the_phone_tail_show_stage_and_dates_and_no_personal_data()
    {
        var (code, _) = await RegisterAsync();

        var html = await GetAsync($"/track?code={code}&tail=5588");

        var page = new HtmlParser().ParseDocument(html);
        page.QuerySelector("#track-result .code")!.TextContent.ShouldBe(code);
        page.QuerySelector(".track-stage")!.TextContent.ShouldBe("不予受理");
        page.QuerySelectorAll(".track-steps li").Select(li => li.QuerySelector(".step-name")!.TextContent).ShouldBe(["受理登记", "不予受理（告知书已出具）"]);
        // Everything the page shows or carries in its markup, but not the opaque random blobs
        // (Blazor's encrypted component state, the antiforgery token): by chance one of them
        // once held the digits 5588.
        var readable = string.Join("\n", page.All
            .Where(e => e.GetAttribute("name") != "__RequestVerificationToken")
            .SelectMany(e => e.Attributes.Select(a => a.Value).Append(string.Concat(e.ChildNodes.OfType<AngleSharp.Dom.IText>().Select(t => t.Data)))));
        foreach (var secret in new[] { "郑秀英", "13909365588", "5588", "62070219800101001X", "周某某", "13800001111", "内部", "新新村工地", "工地欠薪三个月" })
        {
            readable.ShouldNotContain(secret, Shouldly.Case.Sensitive, $"the tracking page must not show 「{secret}」");
        }
    }

    [Fact]
    public async Task A_wrong_phone_tail_and_an_unknown_code_get_the_same_answer()
    {
        var (code, _) = await RegisterAsync();

        var wrongTail = new HtmlParser().ParseDocument(await GetAsync($"/track?code={code}&tail=0000"));
        var body = code.Split('-');
        var unknown = Domain.Cases.CaseCode.Create(body[0], int.Parse(body[1], System.Globalization.CultureInfo.InvariantCulture), 999_999).Value;
        var noCase = new HtmlParser().ParseDocument(await GetAsync($"/track?code={unknown}&tail=5588"));

        wrongTail.QuerySelector("#track-result").ShouldBeNull();
        wrongTail.QuerySelector("#track-error")!.TextContent.ShouldBe(noCase.QuerySelector("#track-error")!.TextContent);
        wrongTail.QuerySelector("#track-error")!.TextContent.ShouldContain("没有找到");
    }

    [Fact]
    public async Task A_mistyped_check_character_says_the_code_is_mistyped()
    {
        var (code, _) = await RegisterAsync();
        var typo = code[..^1] + (code[^1] == '7' ? '8' : '7');

        var page = new HtmlParser().ParseDocument(await GetAsync($"/track?code={typo}&tail=5588"));

        page.QuerySelector("#track-error")!.TextContent.ShouldContain("校验位不符，可能有字符输错");
        page.QuerySelector("#track-result").ShouldBeNull();
    }
}

public sealed class TrackRateLimitTests : IDisposable
{
    private readonly DispatchWebFactory _factory = DispatchWebFactory.WithSettings(new Dictionary<string, string?> { ["Track:PermitsPerMinute"] = "3" });

    [Fact]
    public async Task Lookups_past_the_limit_per_address_get_429_with_a_chinese_message()
    {
        using var client = _factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        string last = string.Empty;
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync(new Uri("/track?code=GZ-2026-000001-X&tail=1234", UriKind.Relative));
            statuses.Add(response.StatusCode);
            last = await response.Content.ReadAsStringAsync();
        }

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests]);
        last.ShouldContain("查询过于频繁");
    }

    public void Dispose() => _factory.Dispose();
}
