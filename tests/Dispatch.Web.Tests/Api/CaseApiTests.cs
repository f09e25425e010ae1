using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Api;

[Collection(WebAppCollection.Name)]
public class CaseApiTests(DispatchWebFactory factory)
{
    public const string HotlineKey = "demo-12345-key";
    public const string Open311Key = "demo-open311-key";

    private static string Body(string phone = "13909368888", string title = "小区电梯停运三天") => $$"""
        {
          "category": "propertyManagement",
          "title": "{{title}}",
          "description": "东环路社区 3 号楼电梯停运三天，老人无法下楼。",
          "parties": [{ "name": "赵某某", "phone": "{{phone}}" }],
          "township": "DJ",
          "village": "DHL",
          "address": "东环路社区 3 号楼",
          "externalId": "12345-20261122-0042"
        }
        """;

    private HttpClient Client(string? key = HotlineKey)
    {
        var client = factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    private static HttpRequestMessage Post(string body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    private async Task<int> CasesFromAsync(string externalId)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        return await db.Cases.CountAsync(c => c.ExternalId == externalId);
    }

    [Fact]
    public async Task A_retried_request_with_the_same_key_returns_the_same_case_and_creates_no_second_one()
    {
        using var client = Client();
        var key = Guid.NewGuid().ToString();
        var body = Body().Replace("12345-20261122-0042", key, StringComparison.Ordinal);

        using var first = await client.SendAsync(Post(body, key));
        using var retry = await client.SendAsync(Post(body, key));

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.Headers.GetValues("Idempotent-Replayed").Single().ShouldBe("true");
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await retry.Content.ReadFromJsonAsync<JsonElement>();
        a.GetProperty("code").GetString().ShouldBe(b.GetProperty("code").GetString());
        a.GetProperty("status").GetString().ShouldBe("accepted");
        a.GetProperty("statusLabel").GetString().ShouldBe("已受理");
        first.Headers.Location!.ToString().ShouldBe($"/api/v1/cases/{a.GetProperty("code").GetString()}");
        (await CasesFromAsync(key)).ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_still_create_one_case()
    {
        using var client = Client();
        var key = Guid.NewGuid().ToString();
        var body = Body().Replace("12345-20261122-0042", key, StringComparison.Ordinal);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.SendAsync(Post(body, key))));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        var codes = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()));
        codes.Distinct().Count().ShouldBe(1);
        (await CasesFromAsync(key)).ShouldBe(1);
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_with_422()
    {
        using var client = Client();
        var key = Guid.NewGuid().ToString();
        using var first = await client.SendAsync(Post(Body(), key));
        using var other = await client.SendAsync(Post(Body(title: "另一件事"), key));

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        other.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        other.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await other.Content.ReadAsStringAsync()).ShouldContain("幂等键");
    }

    [Fact]
    public async Task Validation_lists_every_bad_field_as_problem_details_and_creates_nothing()
    {
        using var client = Client();
        const string bad = """
            {
              "channel": "fax",
              "category": "weather",
              "title": "",
              "description": "  ",
              "parties": [{ "name": "钱某", "phone": "12345", "idNumber": "620702199001011235" }],
              "township": "ZZ",
              "latitude": 95,
              "externalId": "bad-request-1"
            }
            """;

        using var response = await client.SendAsync(Post(bad, Guid.NewGuid().ToString()));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().ShouldBe(400);
        var errors = problem.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetString()!).ToList());
        // Each bad field under the name the request used (latitude, not lat; the party's own fields).
        errors.Keys.Order().ShouldBe(["category", "channel", "description", "latitude", "parties[0].idNumber", "parties[0].phone", "title", "township"]);
        errors["channel"].Single().ShouldContain("来源渠道「fax」无效");
        // Both of the party's bad fields at once, not the ID number only after the phone is fixed.
        errors["parties[0].phone"].Single().ShouldContain("联系电话「12345」格式不对");
        errors["parties[0].idNumber"].Single().ShouldContain("身份证号「620702199001011235」无效");
        errors["township"].Single().ShouldBe("找不到代码为「ZZ」的乡镇（街道）。");
        (await CasesFromAsync("bad-request-1")).ShouldBe(0);
    }

    [Fact]
    public async Task Missing_key_or_idempotency_header_is_refused()
    {
        using var anonymous = Client(key: null);
        using var wrongKey = Client("not-a-key");
        using var client = Client();

        using var noKey = await anonymous.SendAsync(Post(Body(), Guid.NewGuid().ToString()));
        using var badKey = await wrongKey.GetAsync(new Uri("/api/v1/catalog", UriKind.Relative));
        using var noIdempotency = await client.SendAsync(Post(Body(), idempotencyKey: null));

        noKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        noKey.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        badKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        noIdempotency.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noIdempotency.Content.ReadAsStringAsync()).ShouldContain("Idempotency-Key");
    }

    [Fact]
    public async Task A_client_reads_its_own_cases_only_and_a_mistyped_code_says_so()
    {
        using var hotline = Client();
        using var open311 = Client(Open311Key);
        using var created = await hotline.SendAsync(Post(Body(), Guid.NewGuid().ToString()));
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

        using var own = await hotline.GetAsync(new Uri($"/api/v1/cases/{code}", UriKind.Relative));
        using var foreign = await open311.GetAsync(new Uri($"/api/v1/cases/{code}", UriKind.Relative));
        var typo = code[..^1] + (code[^1] == 'A' ? 'B' : 'A');
        using var mistyped = await hotline.GetAsync(new Uri($"/api/v1/cases/{typo}", UriKind.Relative));

        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        var status = await own.Content.ReadFromJsonAsync<JsonElement>();
        status.GetProperty("code").GetString().ShouldBe(code);
        status.GetProperty("externalId").GetString().ShouldBe("12345-20261122-0042");
        status.GetRawText().ShouldNotContain("赵某某");
        status.GetRawText().ShouldNotContain("13909368888");
        foreign.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        mistyped.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await mistyped.Content.ReadAsStringAsync()).ShouldContain("校验位不符");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_case_endpoints()
    {
        using var client = factory.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/openapi.json", UriKind.Relative));

        document.GetProperty("openapi").GetString()!.ShouldStartWith("3.");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldBe(["/api/v1/cases", "/api/v1/cases/{code}", "/api/v1/catalog"], ignoreOrder: true);
        var create = document.GetProperty("paths").GetProperty("/api/v1/cases").GetProperty("post");
        create.GetProperty("responses").EnumerateObject().Select(r => r.Name).ShouldBe(["201", "400", "401", "413", "422", "500"], ignoreOrder: true);
        create.GetProperty("responses").GetProperty("422").GetProperty("content").EnumerateObject().Single().Name.ShouldBe("application/problem+json");

        // The key scheme, required everywhere, and the idempotency header on the create.
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        scheme.GetProperty("type").GetString().ShouldBe("apiKey");
        scheme.GetProperty("in").GetString().ShouldBe("header");
        scheme.GetProperty("name").GetString().ShouldBe("X-Api-Key");
        document.GetProperty("security")[0].EnumerateObject().Single().Name.ShouldBe("ApiKey");
        var idempotency = create.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Idempotency-Key");
        idempotency.GetProperty("in").GetString().ShouldBe("header");
        idempotency.GetProperty("required").GetBoolean().ShouldBeTrue();
        idempotency.GetProperty("schema").GetProperty("maxLength").GetInt32().ShouldBe(100);

        // The request's field names are the ones the errors use.
        var body = document.GetProperty("components").GetProperty("schemas").GetProperty("CaseRequest").GetProperty("properties");
        body.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["channel", "category", "title", "description", "parties", "township", "village", "address", "receivedAt", "latitude", "longitude", "externalId"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_api_reference_is_browsable_at_api_docs_and_reads_the_document()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/docs/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Dispatch 案件接入接口");
        html.ShouldContain("api/v1/openapi.json");
    }
}
