using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Infrastructure.Security;
using Dispatch.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// An API client bound to a township center (大满镇's own hotline desk): it files into that
/// center and its area only, and what it files is 大满镇's to run, never 沙井镇's.
/// </summary>
public sealed class TownshipClientTests : IDisposable
{
    private const string Key = "daman-desk-key";

    private readonly DispatchWebFactory _app = DispatchWebFactory.WithSettings(new Dictionary<string, string?>
    {
        ["Api:Clients:2:Name"] = "大满镇便民热线",
        ["Api:Clients:2:KeyHash"] = Web.Api.ApiClients.HashKey(Key),
        ["Api:Clients:2:Center"] = "DM",
        ["Api:Clients:2:Channel"] = "Hotline12345",
    });

    private HttpClient Client(string key)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static HttpRequestMessage Post(string township, string village) =>
        new(HttpMethod.Post, "/api/v1/cases")
        {
            Content = new StringContent($$"""
                {
                  "category": "neighbourhood",
                  "title": "灌溉用水纠纷",
                  "description": "两户因轮灌顺序发生争执。",
                  "parties": [{ "name": "孙某某", "phone": "13909367777" }],
                  "township": "{{township}}",
                  "village": "{{village}}",
                  "address": "{{village}}村三社"
                }
                """, Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };

    [Fact]
    public async Task ATownshipsClient_FilesIntoItsCenter_AndIsRefusedASiblingsArea()
    {
        using var client = Client(Key);

        using var sibling = await client.SendAsync(Post("SJ", "SJC"));
        sibling.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await sibling.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty("township")[0].GetString()!.ShouldStartWith("「沙井镇综治中心」不在大满镇综治中心辖区内");
        problem.GetProperty("errors").GetProperty("village")[0].GetString()!.ShouldContain("不在大满镇综治中心辖区内");

        using var ours = await client.SendAsync(Post("DM", "XX"));
        ours.StatusCode.ShouldBe(HttpStatusCode.Created);
        var code = (await ours.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        code.ShouldStartWith("DM-");

        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var filed = await db.Cases.AsNoTracking().SingleAsync(c => c.Code == code);
        var daman = await db.Centers.AsNoTracking().SingleAsync(c => c.Code == "DM");
        filed.CenterId.ShouldBe(daman.Id);
        filed.TownshipId.ShouldBe(daman.Id);

        // 大满镇's director runs it; 沙井镇's does not reach it; the county's hotline client cannot read it.
        var scopes = _app.Services.GetRequiredService<CenterScopes>();
        (await scopes.OfAsync(await DemoActions.OperatorAsync(_app.Services, "dm-director"), CancellationToken.None))!.Covers(filed.CenterId).ShouldBeTrue();
        (await scopes.OfAsync(await DemoActions.OperatorAsync(_app.Services, "sj-director"), CancellationToken.None))!.Covers(filed.CenterId).ShouldBeFalse();
        using var ownRead = await client.GetAsync($"/api/v1/cases/{code}");
        ownRead.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var hotline = Client(CaseApiTests.HotlineKey);
        using var otherRead = await hotline.GetAsync($"/api/v1/cases/{code}");
        otherRead.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    public void Dispose() => _app.Dispose();
}
