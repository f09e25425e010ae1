using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dispatch.Domain.Messaging;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Messaging;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Web.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Web.Tests.Messaging;

/// <summary>Replies to texts (「1」 acknowledges), delivery receipts, and the phone link page, each refused when forged.</summary>
public sealed class SmsCallbackTests(SmsTestApp sms) : IClassFixture<SmsTestApp>
{
    private HttpClient Client() => sms.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static HttpRequestMessage Signed(string path, object body, string? secret = SmsTestApp.Secret)
    {
        var json = JsonSerializer.Serialize(body);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add("X-Signature", SmsEndpoints.Signature(secret, json));
        }

        return request;
    }

    private async Task<SummonsState> StateAsync(Guid whistleId, string department)
    {
        await using var db = await sms.Get<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        return (await db.Whistles.AsNoTracking().SingleAsync(w => w.Id == whistleId)).Summonses.Single(s => s.DepartmentName == department).State;
    }

    [Fact]
    public async Task AReplyOf1_AcknowledgesTheSummonsMostRecentlyTextedToThatPhone_AndAnswers()
    {
        var older = await sms.BlowAsync(ResponsePolicy.Normal, "人社局");
        await sms.DeliverAllAsync(older);
        sms.Clock.Advance(TimeSpan.FromSeconds(30));
        var newer = await sms.BlowAsync(ResponsePolicy.Normal, "人社局");
        await sms.DeliverAllAsync(newer);
        using var client = Client();

        using var reply = await client.SendAsync(Signed("/sms/inbound", new { from = "+86 139 0938 0003", text = " 1 " }));

        reply.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await reply.Content.ReadFromJsonAsync<JsonElement>();
        answer.GetProperty("outcome").GetString().ShouldBe("acknowledged");
        answer.GetProperty("reply").GetString()!.ShouldContain("另有 1 个召集待报到");
        (await StateAsync(newer, "人社局")).ShouldBe(SummonsState.Acknowledged);
        (await StateAsync(older, "人社局")).ShouldBe(SummonsState.Pending);
        await using (var db = await sms.Get<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync())
        {
            var whistle = await db.Whistles.AsNoTracking().SingleAsync(w => w.Id == newer);
            whistle.Summonses.Single().AcknowledgedBy!.ShouldContain("（短信）");
        }

        // The answer goes back as a text; 「报到」 again takes the older one.
        (await sms.TextsAsync()).ShouldContain(t => t.Purpose == TextPurpose.Reply && t.Phone == "13909380003" && t.Text.StartsWith("已为人社局报到", StringComparison.Ordinal));
        using var second = await client.SendAsync(Signed("/sms/inbound", new { from = "13909380003", text = "报到" }));
        (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString().ShouldBe("acknowledged");
        (await StateAsync(older, "人社局")).ShouldBe(SummonsState.Acknowledged);
    }

    [Fact]
    public async Task AnythingElse_GetsTheHelpText_AnUnknownPhoneNothing_AndAForgedReplyIsRefused()
    {
        var whistleId = await sms.BlowAsync(ResponsePolicy.Normal, "教育局");
        await sms.DeliverAllAsync(whistleId);
        var phone = (await sms.TextsAsync(whistleId)).First(t => t.Purpose == TextPurpose.Summons && t.State == TextState.Sent).Phone;
        using var client = Client();

        using var help = await client.SendAsync(Signed("/sms/inbound", new { from = phone, text = "收到，马上去" }));
        (await help.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reply").GetString().ShouldBe(TextTemplates.Help);
        (await StateAsync(whistleId, "教育局")).ShouldBe(SummonsState.Pending);

        var before = (await sms.TextsAsync()).Count;
        using var stranger = await client.SendAsync(Signed("/sms/inbound", new { from = "13800000000", text = "1" }));
        (await stranger.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString().ShouldBe("unknownPhone");
        (await sms.TextsAsync()).Count.ShouldBe(before);

        using var forged = await client.SendAsync(Signed("/sms/inbound", new { from = phone, text = "1" }, secret: "guessed"));
        using var unsigned = await client.SendAsync(Signed("/sms/inbound", new { from = phone, text = "1" }, secret: null));
        forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unsigned.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await StateAsync(whistleId, "教育局")).ShouldBe(SummonsState.Pending);
    }

    [Fact]
    public async Task AReceipt_MarksTheTextDelivered_OnceOnly_AndAForgedOneChangesNothing()
    {
        var whistleId = await sms.BlowAsync(ResponsePolicy.Normal, "交通运输局");
        await sms.DeliverAllAsync(whistleId);
        var sent = (await sms.TextsAsync(whistleId)).Where(t => t.State == TextState.Sent).ToList();
        using var client = Client();

        using var forged = await client.SendAsync(Signed("/sms/receipts", new { messageId = sent[0].ProviderMessageId, status = "delivered" }, secret: "wrong"));
        forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var delivered = await client.SendAsync(Signed("/sms/receipts", new { messageId = sent[0].ProviderMessageId, status = "delivered" }));
        using var repeat = await client.SendAsync(Signed("/sms/receipts", new { messageId = sent[0].ProviderMessageId, status = "delivered" }));
        using var failed = await client.SendAsync(Signed("/sms/receipts", new { messageId = sent[1].ProviderMessageId, status = "failed", reason = "用户关机" }));
        using var unknown = await client.SendAsync(Signed("/sms/receipts", new { messageId = "gw-no-such", status = "delivered" }));

        (await delivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("updated").GetBoolean().ShouldBeTrue();
        (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("updated").GetBoolean().ShouldBeFalse();
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var texts = await sms.TextsAsync(whistleId);
        texts.Single(t => t.Id == sent[0].Id).State.ShouldBe(TextState.Delivered);
        var undelivered = texts.Single(t => t.Id == sent[1].Id);
        undelivered.State.ShouldBe(TextState.Failed);
        undelivered.LastError.ShouldBe("用户关机");
    }

    [Fact]
    public async Task ThePhoneLink_ActsOnItsOneSummonsAsItsOnePerson_AndShowsTheEndedPageAfterwards()
    {
        var whistleId = await sms.BlowAsync(ResponsePolicy.Normal, "检察院");
        await sms.DeliverAllAsync(whistleId);
        var text = (await sms.TextsAsync(whistleId)).First(t => t.Purpose == TextPurpose.Summons && t.State == TextState.Sent);
        var token = SmsTestApp.TokenIn(text.Text);
        using var client = Client();

        var page = await PageAsync(client, token);
        page.QuerySelector("#link-summons .phone-tag")!.TextContent.ShouldBe("吹哨召集 · 检察院");
        page.QuerySelector("#link-message")!.TextContent.ShouldBe("中心要求：请立即到场");
        page.QuerySelector("#link-acknowledge").ShouldNotBeNull();

        await PostAsync(client, token, "acknowledge");
        (await StateAsync(whistleId, "检察院")).ShouldBe(SummonsState.Acknowledged);
        await PostAsync(client, token, "onsite");
        var refused = await PostAsync(client, token, "report", note: string.Empty);
        refused.ShouldContain("error=");
        (await StateAsync(whistleId, "检察院")).ShouldBe(SummonsState.OnSite);
        await PostAsync(client, token, "report", note: "已到现场核实，督促整改到位。");
        (await StateAsync(whistleId, "检察院")).ShouldBe(SummonsState.Reported);

        var ended = await PageAsync(client, token);
        ended.QuerySelector("#link-ended h1")!.TextContent.ShouldBe("召集已结束");
        ended.QuerySelector("#link-ended p")!.TextContent.ShouldContain("反馈，此链接已失效");
        ended.QuerySelectorAll("form").Length.ShouldBe(0);
        (await PageAsync(client, "AAAAAAAAAAAAAAAAAAAAAA")).QuerySelector("#link-unknown h1")!.TextContent.ShouldBe("链接无效");
        (await PageAsync(client, "not-a-token")).QuerySelector("#link-unknown").ShouldNotBeNull();
    }

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> PageAsync(HttpClient client, string token) =>
        new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync($"/m/{token}"));

    /// <summary>Posts the page's own form (its antiforgery token; the client keeps the cookie) and returns where it redirected.</summary>
    private static async Task<string> PostAsync(HttpClient client, string token, string action, string note = "")
    {
        using var form = await client.GetAsync($"/m/{token}");
        var html = await form.Content.ReadAsStringAsync();
        var antiforgery = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/m/{token}/act")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery, ["action"] = action, ["note"] = note }),
        };
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return response.Headers.Location!.ToString();
    }
}
