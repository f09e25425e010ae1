using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Dispatch.Tests.Shared;

namespace Dispatch.Web.Tests.Api;

/// <summary>A minimal GeoReport v2 client, as an existing Open311 app would talk to the server.</summary>
internal sealed class GeoReportClient(HttpClient http, string apiKey)
{
    public async Task<(HttpStatusCode Status, string Body)> PostRequestAsync(string format, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent([new("api_key", apiKey), .. fields]);
        using var response = await http.PostAsync(new Uri($"/open311/v2/requests.{format}", UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path, bool withKey = true)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        using var response = await http.GetAsync(new Uri(withKey ? $"{path}{separator}api_key={apiKey}" : path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}

[Collection(WebAppCollection.Name)]
public class Open311Tests(DispatchWebFactory factory)
{
    private static readonly KeyValuePair<string, string>[] Report =
    [
        new("service_code", "heating"),
        new("lat", "38.9329"),
        new("long", "100.4498"),
        new("address_string", "北环路社区 12 号楼"),
        new("first_name", "某华"),
        new("last_name", "王"),
        new("phone", "13909361234"),
        new("description", "入冬以来室温不足 16 度，多次反映无果。"),
        new("attribute[township]", "XJ"),
    ];

    private GeoReportClient Client(string key = CaseApiTests.Open311Key) => new(factory.CreateClient(), key);

    [Fact]
    public async Task Services_list_the_categories_in_json_and_xml()
    {
        var client = Client();

        var (status, json) = await client.GetAsync("/open311/v2/services.json", withKey: false);
        var (xmlStatus, xml) = await client.GetAsync("/open311/v2/services.xml", withKey: false);

        status.ShouldBe(HttpStatusCode.OK);
        var services = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        services.Select(s => s.GetProperty("service_code").GetString()).ShouldContain("heating");
        services.Single(s => s.GetProperty("service_code").GetString() == "wage_arrears").GetProperty("service_name").GetString().ShouldBe("欠薪");
        services.ShouldAllBe(s => s.GetProperty("type").GetString() == "realtime" && !s.GetProperty("metadata").GetBoolean());
        xmlStatus.ShouldBe(HttpStatusCode.OK);
        XDocument.Parse(xml).Root!.Elements("service").Select(e => e.Element("service_code")!.Value).ShouldBe(services.Select(s => s.GetProperty("service_code").GetString()));
    }

    [Fact]
    public async Task A_request_posted_in_json_is_tracked_by_its_case_code_in_json_and_xml()
    {
        var client = Client();

        var (status, body) = await client.PostRequestAsync("json", Report);

        status.ShouldBe(HttpStatusCode.Created);
        var id = JsonDocument.Parse(body).RootElement[0].GetProperty("service_request_id").GetString()!;
        id.ShouldStartWith("GZ-");

        var (getStatus, single) = await client.GetAsync($"/open311/v2/requests/{id}.json");
        getStatus.ShouldBe(HttpStatusCode.OK);
        var request = JsonDocument.Parse(single).RootElement[0];
        request.GetProperty("service_request_id").GetString().ShouldBe(id);
        request.GetProperty("status").GetString().ShouldBe("open");
        request.GetProperty("status_notes").GetString().ShouldBe("已受理");
        request.GetProperty("service_code").GetString().ShouldBe("heating");
        request.GetProperty("lat").GetDouble().ShouldBe(38.9329);
        request.GetProperty("long").GetDouble().ShouldBe(100.4498);
        request.GetProperty("requested_datetime").GetString()!.ShouldEndWith("+08:00");

        var (_, xml) = await client.GetAsync($"/open311/v2/requests.xml?service_request_id={id}");
        var element = XDocument.Parse(xml).Root!.Elements("request").Single();
        element.Element("service_request_id")!.Value.ShouldBe(id);
        element.Element("status")!.Value.ShouldBe("open");
        element.Element("address")!.Value.ShouldBe("北环路社区 12 号楼");
    }

    [Fact]
    public async Task A_request_posted_in_xml_answers_in_xml_and_bad_fields_come_back_as_errors()
    {
        var client = Client();

        var (status, xml) = await client.PostRequestAsync("xml", Report);
        var (badStatus, errors) = await client.PostRequestAsync("xml", [new("service_code", "snow"), new("phone", "123"), new("description", "")]);

        status.ShouldBe(HttpStatusCode.Created);
        XDocument.Parse(xml).Root!.Element("request")!.Element("service_request_id")!.Value.ShouldStartWith("GZ-");
        badStatus.ShouldBe(HttpStatusCode.BadRequest);
        var messages = XDocument.Parse(errors).Root!.Elements("error").Select(e => e.Element("description")!.Value).ToList();
        messages.ShouldContain(m => m.StartsWith("service_code", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("address_string", StringComparison.Ordinal));
        messages.ShouldContain(m => m.Contains("联系电话「123」格式不对", StringComparison.Ordinal));
        messages.ShouldContain(m => m.StartsWith("description", StringComparison.Ordinal));
        XDocument.Parse(errors).Root!.Elements("error").ShouldAllBe(e => e.Element("code")!.Value == "400");
    }

    [Fact]
    public async Task Without_a_valid_key_nothing_is_filed_or_read_and_another_clients_case_is_not_found()
    {
        var (postStatus, _) = await Client("wrong").PostRequestAsync("json", Report);
        var (_, body) = await Client().PostRequestAsync("json", Report);
        var id = JsonDocument.Parse(body).RootElement[0].GetProperty("service_request_id").GetString()!;

        var (anonymous, _) = await Client().GetAsync($"/open311/v2/requests/{id}.json", withKey: false);
        var (foreign, _) = await Client(CaseApiTests.HotlineKey).GetAsync($"/open311/v2/requests/{id}.json");

        postStatus.ShouldBe(HttpStatusCode.Forbidden);
        anonymous.ShouldBe(HttpStatusCode.Forbidden);
        foreign.ShouldBe(HttpStatusCode.NotFound);
    }
}
