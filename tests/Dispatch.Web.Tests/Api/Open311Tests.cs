using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Dispatch.Infrastructure.Persistence;
using Dispatch.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
        services.ShouldAllBe(s => s.GetProperty("type").GetString() == "realtime" && s.GetProperty("metadata").GetBoolean());
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
    public async Task Without_a_key_nothing_is_filed_but_a_request_reads_back_with_its_public_fields_only()
    {
        var (postStatus, _) = await Client("wrong").PostRequestAsync("json", Report);
        var (_, body) = await Client().PostRequestAsync("json", Report);
        var id = JsonDocument.Parse(body).RootElement[0].GetProperty("service_request_id").GetString()!;

        // A standard client sends no api_key on GET, as the specification allows.
        var (anonymous, json) = await Client().GetAsync($"/open311/v2/requests/{id}.json", withKey: false);
        var (listed, list) = await Client().GetAsync($"/open311/v2/requests.xml?service_request_id={id}", withKey: false);
        var (foreign, other) = await Client(CaseApiTests.HotlineKey).GetAsync($"/open311/v2/requests/{id}.json");
        var (badKey, _) = await Client("wrong").GetAsync($"/open311/v2/requests/{id}.json");
        var (own, full) = await Client().GetAsync($"/open311/v2/requests/{id}.json");

        postStatus.ShouldBe(HttpStatusCode.Forbidden);
        string[] publicFields = ["service_request_id", "status", "status_notes", "service_name", "service_code", "agency_responsible", "requested_datetime", "updated_datetime"];
        anonymous.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(json).RootElement[0].EnumerateObject().Select(p => p.Name).ShouldBe(publicFields, ignoreOrder: true);
        listed.ShouldBe(HttpStatusCode.OK);
        XDocument.Parse(list).Root!.Element("request")!.Elements().Select(e => e.Name.LocalName).ShouldBe(publicFields, ignoreOrder: true);
        foreign.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(other).RootElement[0].EnumerateObject().Select(p => p.Name).ShouldBe(publicFields, ignoreOrder: true);
        badKey.ShouldBe(HttpStatusCode.Forbidden);
        own.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(full).RootElement[0].GetProperty("description").GetString().ShouldBe("入冬以来室温不足 16 度，多次反映无果。");

        // Nothing personal leaks without the filing client's key: no name, phone, address or description.
        foreach (var text in new[] { json, list, other })
        {
            foreach (var secret in new[] { "王", "某华", "13909361234", "1234", "北环路", "室温", "38.9329", "XJ" })
            {
                text.ShouldNotContain(secret);
            }
        }
    }

    [Fact]
    public async Task A_case_registered_at_the_window_is_no_open311_request()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<DispatchDbContext>>().CreateDbContextAsync();
        var windowCase = await db.Cases.Where(c => c.Source == null).Select(c => c.Code).FirstAsync();

        var (status, _) = await Client().GetAsync($"/open311/v2/requests/{windowCase}.json", withKey: false);

        status.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>The GeoReport v2 example documents (wiki.open311.org/GeoReport_v2), their element structure.</summary>
    [Fact]
    public async Task Discovery_and_a_service_definition_have_the_specifications_shape_in_xml_and_json()
    {
        var client = Client();

        var (_, discoveryXml) = await client.GetAsync("/open311/v2/discovery.xml", withKey: false);
        var (_, discoveryJson) = await client.GetAsync("/open311/v2/discovery.json", withKey: false);
        var (_, definitionXml) = await client.GetAsync("/open311/v2/services/heating.xml", withKey: false);
        var (_, definitionJson) = await client.GetAsync("/open311/v2/services/heating.json", withKey: false);

        var discovery = XDocument.Parse(discoveryXml).Root!;
        discovery.Name.LocalName.ShouldBe("discovery");
        discovery.Elements().Select(e => e.Name.LocalName).ShouldBe(["changeset", "contact", "key_service", "endpoints"]);
        var endpoint = discovery.Element("endpoints")!.Elements("endpoint").ShouldHaveSingleItem();
        endpoint.Elements().Select(e => e.Name.LocalName).ShouldBe(["specification", "url", "changeset", "type", "formats"]);
        endpoint.Element("specification")!.Value.ShouldBe("http://wiki.open311.org/GeoReport_v2");
        endpoint.Element("formats")!.Elements("format").Select(f => f.Value).ShouldBe(["text/xml", "application/json"]);
        var json = JsonDocument.Parse(discoveryJson).RootElement;
        json.ValueKind.ShouldBe(JsonValueKind.Object);
        json.GetProperty("endpoints")[0].GetProperty("formats").EnumerateArray().Select(f => f.GetString()).ShouldBe(["text/xml", "application/json"]);

        var definition = XDocument.Parse(definitionXml).Root!;
        definition.Name.LocalName.ShouldBe("service_definition");
        definition.Element("service_code")!.Value.ShouldBe("heating");
        var attribute = definition.Element("attributes")!.Elements("attribute").First();
        attribute.Elements().Select(e => e.Name.LocalName).ShouldBe(["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"]);
        attribute.Element("code")!.Value.ShouldBe("township");
        attribute.Element("values")!.Elements("value").ShouldContain(v => v.Element("key")!.Value == "XJ" && v.Element("name")!.Value.Length > 0);
        var definitionObject = JsonDocument.Parse(definitionJson).RootElement;
        definitionObject.ValueKind.ShouldBe(JsonValueKind.Object);
        definitionObject.GetProperty("service_code").GetString().ShouldBe("heating");
        definitionObject.GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("code").GetString()).ShouldBe(["township", "village"]);
    }
}
