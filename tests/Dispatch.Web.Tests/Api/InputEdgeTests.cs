using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Dispatch.Domain.Cases;
using Dispatch.TestSupport;
using Dispatch.Tests.Shared;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// Walks every field of every API body through the values an attacker or a broken integration
/// sends — at the limit, one past it, 5 MB, control characters, the wrong JSON type, bytes that
/// are not UTF-8, missing — and checks that none gets a 5xx and that every refusal names its field.
/// Runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class InputEdgeTests
{
    private const string Marker = "INVALID-UTF8-MARK";
    private static readonly string FiveMegabytes = new('x', 5 * 1024 * 1024);

    protected abstract DispatchWebFactory App { get; }

    /// <summary>One request and what it must get: accepted, or refused with this field named.</summary>
    public sealed record Probe(string Field, string What, Func<JsonObject, JsonObject> Change, string? RefusedField, string? IdempotencyKey = null);

    private static JsonObject ValidBody() => new()
    {
        ["channel"] = "hotline12345",
        ["category"] = "propertyManagement",
        ["title"] = "小区电梯停运",
        ["description"] = "3 号楼电梯停运三天，老人无法下楼。",
        ["parties"] = new JsonArray(new JsonObject { ["name"] = "赵某某", ["phone"] = "13909368888", ["idNumber"] = "11010519491231002X" }),
        ["township"] = "DJ",
        ["village"] = "DHL",
        ["address"] = "东环路社区 3 号楼",
        ["receivedAt"] = "2026-11-17T09:00:00+08:00",
        ["latitude"] = 38.93,
        ["longitude"] = 100.45,
        ["externalId"] = "edge",
    };

    /// <summary>Sets (or with null value removes) a field by its path, e.g. parties[0].phone.</summary>
    private static Func<JsonObject, JsonObject> Set(string path, JsonNode? value, bool remove = false) => body =>
    {
        JsonObject target = body;
        var name = path;
        if (path.StartsWith("parties[0].", StringComparison.Ordinal))
        {
            target = (JsonObject)body["parties"]![0]!;
            name = path["parties[0].".Length..];
        }

        if (remove)
        {
            target.Remove(name);
        }
        else
        {
            target[name] = value;
        }

        return body;
    };

    private static IEnumerable<Probe> TextField(string field, int max, bool required, Func<int, string>? atLimit)
    {
        if (atLimit is not null)
        {
            yield return new Probe(field, "at the limit", Set(field, atLimit(max)), null);
            yield return new Probe(field, "one past the limit", Set(field, atLimit(max + 1)), field);
        }
        else
        {
            yield return new Probe(field, "one past the limit", Set(field, new string('1', max + 1)), field);
        }

        yield return new Probe(field, "5 MB", Set(field, FiveMegabytes), field);
        yield return new Probe(field, "control characters", Set(field, "王某\u0001\u001B[2J"), field);
        yield return new Probe(field, "a number", Set(field, 12345), field);
        yield return new Probe(field, "an object", Set(field, new JsonObject { ["a"] = 1 }), field);
        yield return new Probe(field, "bytes that are not UTF-8", Set(field, Marker), field);
        yield return new Probe(field, "missing", Set(field, null, remove: true), required ? field : null);
    }

    private static IEnumerable<Probe> CodeField(string field, string bad, bool required)
    {
        yield return new Probe(field, "an unknown value", Set(field, bad), field);
        yield return new Probe(field, "5 MB", Set(field, FiveMegabytes), field);
        yield return new Probe(field, "control characters", Set(field, "DJ\u0000"), field);
        yield return new Probe(field, "a number", Set(field, 7), field);
        yield return new Probe(field, "an array", Set(field, new JsonArray(1)), field);
        yield return new Probe(field, "missing", Set(field, null, remove: true), required ? field : null);
    }

    private static IEnumerable<Probe> NumberField(string field, double limit)
    {
        yield return new Probe(field, "at the limit", Set(field, limit), null);
        yield return new Probe(field, "one past the limit", Set(field, limit + 0.0001), field);
        yield return new Probe(field, "out of any range", Set(field, JsonNode.Parse("1e400")), field);
        yield return new Probe(field, "text", Set(field, "北纬38度"), field);
        yield return new Probe(field, "5 MB of text", Set(field, FiveMegabytes), field);
        yield return new Probe(field, "missing", Set(field, null, remove: true), null);
    }

    public static IEnumerable<Probe> CaseApiProbes()
    {
        static string Chinese(int n) => new('字', n);
        static string Ascii(int n) => new('x', n);
        foreach (var probe in TextField("title", Case.TitleMaxLength, required: true, Chinese)
            .Concat(TextField("description", Case.DescriptionMaxLength, required: true, Chinese))
            .Concat(TextField("address", Case.AddressMaxLength, required: false, Chinese))
            .Concat(TextField("externalId", Case.ExternalIdMaxLength, required: false, Ascii))
            .Concat(TextField("parties[0].name", Party.NameMaxLength, required: true, Chinese))
            .Concat(TextField("parties[0].phone", 20, required: false, null))
            .Concat(TextField("parties[0].idNumber", 18, required: false, n => n == 18 ? "11010519491231002X" : "11010519491231002X1"))
            .Concat(CodeField("channel", "fax", required: false))
            .Concat(CodeField("category", "weather", required: true))
            .Concat(CodeField("township", "ZZ", required: false))
            .Concat(CodeField("village", "ZZZ", required: false))
            .Concat(NumberField("latitude", 90))
            .Concat(NumberField("longitude", 180)))
        {
            yield return probe;
        }

        yield return new Probe("receivedAt", "not a time", Set("receivedAt", "昨天下午"), "receivedAt");
        yield return new Probe("receivedAt", "a number", Set("receivedAt", 20261117), "receivedAt");
        yield return new Probe("receivedAt", "5 MB", Set("receivedAt", FiveMegabytes), "receivedAt");
        yield return new Probe("receivedAt", "in the future", Set("receivedAt", "2099-01-01T00:00:00+08:00"), "receivedAt");
        yield return new Probe("receivedAt", "missing", Set("receivedAt", null, remove: true), null);
        yield return new Probe("parties", "text", Set("parties", "赵某某"), "parties");
        yield return new Probe("parties", "empty", Set("parties", new JsonArray()), "parties");
        yield return new Probe("parties", "51 people", Set("parties", new JsonArray([.. Enumerable.Range(0, 51).Select(_ => (JsonNode)new JsonObject { ["name"] = "某" })])), "parties");
        yield return new Probe("parties", "an element that is not an object", Set("parties", new JsonArray(5)), "parties[0]");
        yield return new Probe("parties", "missing", Set("parties", null, remove: true), "parties");
        yield return new Probe("Idempotency-Key", "at the limit", b => b, null, new string('k', 100));
        yield return new Probe("Idempotency-Key", "one past the limit", b => b, "Idempotency-Key", new string('k', 101));
        yield return new Probe("body", "not an object", _ => null!, "body");
    }

    [Fact]
    public async Task Every_field_of_the_case_api_answers_every_bad_value_with_a_4xx_naming_it()
    {
        using var client = App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", CaseApiTests.HotlineKey);
        var failures = new List<string>();
        var probes = CaseApiProbes().ToList();
        foreach (var probe in probes)
        {
            var changed = probe.Change(ValidBody());
            var json = changed is null ? "[1,2]" : changed.ToJsonString();
            var bytes = Utf8WithBrokenMarker(json);

            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", probe.IdempotencyKey ?? Guid.NewGuid().ToString());
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var where = $"{probe.Field} ({probe.What}): {(int)response.StatusCode}";
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{where} — a server error: {Head(text)}");
            }
            else if (probe.RefusedField is null && response.StatusCode != HttpStatusCode.Created)
            {
                failures.Add($"{where} — should have been accepted: {Head(text)}");
            }
            else if (probe.RefusedField is { } field)
            {
                var errors = (int)response.StatusCode is >= 400 and < 500 && JsonDocument.Parse(text).RootElement.TryGetProperty("errors", out var e)
                    ? e.EnumerateObject().Select(p => p.Name).ToList()
                    : [];
                if (!errors.Contains(field))
                {
                    failures.Add($"{where} — should name '{field}', named [{string.Join(", ", errors)}]: {Head(text)}");
                }
                else if (text.Length > 20_000)
                {
                    failures.Add($"{where} — the answer repeats the bad value ({text.Length} characters)");
                }
            }
        }

        failures.ShouldBeEmpty($"{failures.Count} of {probes.Count} probes went wrong");
    }

    public static IEnumerable<(string Field, string What, string Value, string? Refused)> Open311Probes()
    {
        var five = FiveMegabytes;
        foreach (var (field, max) in new[] { ("description", Case.DescriptionMaxLength), ("address_string", Case.AddressMaxLength), ("device_id", Case.ExternalIdMaxLength), ("first_name", Party.NameMaxLength), ("phone", 20) })
        {
            yield return (field, "one past the limit", new string('1', max + 1), field);
            yield return (field, "5 MB", five, field);
            yield return (field, "control characters", "王某\u0001\u001B[2J", field);
        }

        yield return ("lat", "one past the limit", "90.0001", "lat");
        yield return ("lat", "text", "北纬", "lat");
        yield return ("long", "Infinity", "Infinity", "long");
        yield return ("service_code", "unknown", "weather", "service_code");
        yield return ("service_code", "5 MB", five, "service_code");
        yield return ("attribute[township]", "unknown", "ZZ", "attribute[township]");
        yield return ("attribute[village]", "5 MB", five, "attribute[village]");
        yield return ("description", "bytes that are not UTF-8", Marker, "UTF-8");
        yield return ("description", "at the limit", new string('字', Case.DescriptionMaxLength), null);
    }

    [Fact]
    public async Task Every_field_of_an_open311_request_answers_every_bad_value_with_a_4xx_naming_it()
    {
        using var client = App.CreateClient();
        var failures = new List<string>();
        var probes = Open311Probes().ToList();
        foreach (var (field, what, value, refused) in probes)
        {
            var fields = new Dictionary<string, string>
            {
                ["api_key"] = CaseApiTests.Open311Key,
                ["service_code"] = "heating",
                ["lat"] = "38.93",
                ["long"] = "100.45",
                ["description"] = "入冬以来室温不足 16 度。",
                ["last_name"] = "王",
                ["first_name"] = "某华",
                ["phone"] = "13909361234",
                [field] = value,
            };
            var bytes = Utf8WithBrokenMarker(string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}")));

            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new("application/x-www-form-urlencoded");
            using var response = await client.PostAsync(new Uri("/open311/v2/requests.xml", UriKind.Relative), content);
            var text = await response.Content.ReadAsStringAsync();
            var where = $"{field} ({what}): {(int)response.StatusCode}";
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{where} — a server error: {Head(text)}");
            }
            else if (refused is null && response.StatusCode != HttpStatusCode.Created)
            {
                failures.Add($"{where} — should have been accepted: {Head(text)}");
            }
            else if (refused is not null)
            {
                var descriptions = (int)response.StatusCode is >= 400 and < 500
                    ? XDocument.Parse(text).Root!.Elements("error").Select(e => e.Element("description")!.Value).ToList()
                    : [];
                if (!descriptions.Any(d => d.Contains(refused, StringComparison.Ordinal)))
                {
                    failures.Add($"{where} — should name '{refused}': {Head(text)}");
                }
            }
        }

        failures.ShouldBeEmpty($"{failures.Count} of {probes.Count} probes went wrong");
    }

    /// <summary>The text as UTF-8, with the marker (if any) replaced by bytes that are not UTF-8.</summary>
    private static byte[] Utf8WithBrokenMarker(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var marker = Encoding.UTF8.GetBytes(Marker);
        var at = bytes.AsSpan().IndexOf(marker);
        return at < 0 ? bytes : [.. bytes[..at], 0xC3, 0x28, 0xFF, .. bytes[(at + marker.Length)..]];
    }

    private static string Head(string text) => text.Length > 300 ? text[..300] + "…" : text;
}

[Collection(WebAppCollection.Name)]
public sealed class InputEdgeTestsOnSqlite(DispatchWebFactory factory) : InputEdgeTests
{
    protected override DispatchWebFactory App => factory;
}

/// <summary>The same walk on PostgreSQL: its columns, collation and limits differ from SQLite's.</summary>
public sealed class InputEdgeTestsOnPostgres : InputEdgeTests, IClassFixture<PostgresServer>, IDisposable
{
    private readonly DispatchWebFactory _app;

    public InputEdgeTestsOnPostgres(PostgresServer postgres)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        _app = DispatchWebFactory.WithSettings(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = postgres.CreateDatabase("edge"),
            ["Database:SeedDemoData"] = "true",
        });
    }

    protected override DispatchWebFactory App => _app;

    public void Dispose() => _app.Dispose();
}
